#include "sparseitem.h"

#include "jobpool.h"
#include "sparsematrix.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent>

namespace npyw {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npyw::SparseItem)
};

SparseOpened readSparse(const std::shared_ptr<const npy::Source> &source)
{
    SparseOpened out;
    const std::optional<npy::SparseLayout> layout = npy::sparseLayoutOf(*source);
    if (!layout)
        return out;
    npy::Result<npy::SparseMatrix> m = npy::readSparseMatrix(*source, *layout);
    if (!m) {
        out.error = m.error();
        return out;
    }
    npy::Result<npy::NpyArray> dense = npy::sparseDenseView(m.value());
    if (!dense) {
        out.error = Tr::tr("%1: %2").arg(source->path(), dense.error());
        return out;
    }
    out.dense = dense.value();
    out.name = Tr::tr("matrix");
    out.title = Tr::tr("%1 matrix").arg(m->formatName());
    out.description = m->description();
    out.shape = npy::pyTupleRepr({m->rows, m->cols});
    out.type = Tr::tr("%1 %2").arg(m->formatName(), m->dtype.displayName());
    return out;
}

} // namespace

bool looksSparse(const npy::Source &source)
{
    return npy::sparseLayoutOf(source).has_value();
}

void readSparseAsync(std::shared_ptr<const npy::Source> source, QObject *context,
                     std::function<void(const SparseOpened &)> done)
{
    auto *watcher = new QFutureWatcher<SparseOpened>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)]() {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(jobPool(), [source = std::move(source)]() { return readSparse(source); }));
}

} // namespace npyw
