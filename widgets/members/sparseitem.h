#pragma once

#include "npyarray.h"
#include "source.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace npyw {

/** What an archive laid out by `scipy.sparse.save_npz` turned out to hold, read on a worker. */
struct SparseOpened
{
    /** The matrix's dense view (npy::sparseDenseView()); null when the parts were refused. */
    npy::NpyArray dense;
    /** "matrix": the name of the row that stands for it in the browser. */
    QString name;
    /** "CSR matrix": its title where it is shown. */
    QString title;
    /** "CSR 20 000 × 20 000, 100 000 non-zeros, 0.025 %". */
    QString description;
    /** "(20000, 20000)" and "CSR float64" for the browser's columns (the tooltip has the description). */
    QString shape;
    QString type;
    /** Why the parts are shown as plain members (the file, the member and what is wrong); empty when read. */
    QString error;
};

/** True when \a source's members are named as `scipy.sparse.save_npz` names them (no data read). */
[[nodiscard]] bool looksSparse(const npy::Source &source);

/**
 * Reads and checks the sparse matrix \a source holds and makes its dense view, on a worker; then calls
 * \a done on \a context's thread (never when \a context is gone by then). Call when looksSparse().
 */
void readSparseAsync(std::shared_ptr<const npy::Source> source, QObject *context,
                     std::function<void(const SparseOpened &)> done);

} // namespace npyw
