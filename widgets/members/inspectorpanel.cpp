#include "inspectorpanel.h"

#include "jobpool.h"
#include "pickleitems.h"

#include "document.h"
#include "membermodel.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace npyw {

namespace {

QString row(const QString &key, const QString &value)
{
    return QStringLiteral("<tr><td style='padding-right:8px'><b>%1</b></td><td>%2</td></tr>")
        .arg(key.toHtmlEscaped(), value.toHtmlEscaped());
}

QString compressionName(npy::Compression c)
{
    switch (c) {
    case npy::Compression::None:
        return InspectorPanel::tr("none (.npy file)");
    case npy::Compression::Stored:
        return InspectorPanel::tr("stored");
    case npy::Compression::Deflated:
        return InspectorPanel::tr("deflated");
    case npy::Compression::Bzip2:
        return InspectorPanel::tr("bzip2");
    case npy::Compression::Lzma:
        return InspectorPanel::tr("LZMA");
    case npy::Compression::Unsupported:
        return InspectorPanel::tr("unsupported method");
    }
    return QString();
}

} // namespace

InspectorPanel::InspectorPanel(Document *document, QWidget *parent) : QWidget(parent), mDocument(document)
{
    auto *layout = new QVBoxLayout(this);
    mMeta = new QLabel(this);
    mMeta->setObjectName(QStringLiteral("metadata"));
    mMeta->setTextFormat(Qt::RichText);
    mMeta->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mMeta->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    mMeta->setWordWrap(true);
    mStats = new QLabel(this);
    mStats->setObjectName(QStringLiteral("statistics"));
    mStats->setWordWrap(true); // the note under the figures fits the dock's width
    mStats->setTextFormat(Qt::RichText);
    mStats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStats->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    mProgress = new QProgressBar(this);
    mProgress->setRange(0, 1000);
    mProgress->hide();
    mCancel = new QPushButton(tr("Cancel"), this);
    mCancel->hide();
    mCompute = new QPushButton(tr("Compute Statistics"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(mCompute);
    buttons->addWidget(mCancel);
    buttons->addStretch(1);
    layout->addWidget(mMeta);
    layout->addWidget(new QLabel(tr("<b>Statistics</b>"), this));
    layout->addWidget(mStats);
    layout->addWidget(mProgress);
    layout->addLayout(buttons);
    layout->addStretch(1);
    connect(mCompute, &QPushButton::clicked, this, &InspectorPanel::startStatistics);
    connect(mCancel, &QPushButton::clicked, this, &InspectorPanel::cancelStatistics);
    connect(document, &Document::valuesChanged, this, [this](int id) {
        if (id == mMemberId && !isComputing())
            mStats->setText(tr("<i>Values edited since; compute again.</i>"));
    });
    connect(document, &Document::membersChanged, this, &InspectorPanel::updateMetadata);
    connect(document, &Document::memberLoaded, this, [this](int id) {
        if (id == mMemberId)
            updateMetadata();
    });
    connect(document, &Document::memberLoadFailed, this, [this](int id, const QString &error) {
        if (id == mMemberId) {
            mLoadError = error;
            updateMetadata();
        }
    });
    updateMetadata(); // no member yet: say so, and nothing to compute
}

InspectorPanel::~InspectorPanel()
{
    cancelStatistics();
}

void InspectorPanel::setOrigin(const QString &origin)
{
    mOrigin = origin;
    updateMetadata();
}

void InspectorPanel::showMember(int id, int leaf)
{
    if (id == mMemberId && leaf == mLeaf)
        return;
    cancelStatistics();
    mMemberId = id;
    mLeaf = leaf;
    mLoadError.clear();
    mStats->clear();
    updateMetadata();
}

QString InspectorPanel::metadataText() const
{
    return mMeta->text();
}

QString InspectorPanel::statisticsText() const
{
    return mStats->text();
}

void InspectorPanel::updateMetadata()
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    mCompute->setEnabled(m && m->loaded && m->header().dtype.isNumeric() ? true
                                                                         : m && m->loaded && !m->array.isNull());
    if (!m) {
        mMeta->setText(tr("<i>No member selected.</i>"));
        return;
    }
    QString html = QStringLiteral("<table>");
    html += row(tr("Member"), m->key);
    if (m->source) {
        // A member read from standard input lives in a private copy whose name means nothing to the user.
        const bool stream = m->source == mDocument->source() && !mDocument->streamName().isEmpty();
        html += row(tr("File"), stream ? mDocument->streamName() : QFileInfo(m->source->path()).fileName());
    }
    // A member made in this window (new, pasted, a crop) has no stored bytes until it is saved.
    html += row(tr("Compression"), m->source          ? compressionName(m->info.compression)
                                   : mOrigin.isEmpty() ? tr("none yet (not saved)")
                                                       : mOrigin);
    if (m->info.isArray && m->header().isPickled()) {
        const std::optional<PickleRead> pickle = cachedMemberPickle(*m);
        if (!pickle) {
            html += row(tr("Pickle"), tr("reading it as data…"));
            const int id = mMemberId;
            readMemberPickleAsync(*m, this, [this, id](const PickleRead &) {
                if (id == mMemberId)
                    updateMetadata();
            });
        } else if (pickle->tree) {
            html += row(tr("Pickle"), tr("pickle read as data (not executed): %n value(s)", nullptr,
                                         int(std::min<qint64>(pickle->tree->expandedCount(), INT_MAX))));
        } else {
            html += row(tr("Pickle refused"), pickle->error);
        }
    } else if (!m->info.error.isEmpty()) {
        html += row(tr("Error"), m->info.error);
    }
    if (m->info.isArray) {
        const npy::NpyHeader &h = m->header();
        html += row(tr("Header version"), QStringLiteral("%1.%2").arg(h.major).arg(h.minor));
        html += row(tr("descr"), h.dtype.descr());
        html += row(tr("Type"), h.dtype.displayName());
        html += row(tr("Byte order"), h.dtype.byteOrder == '<'   ? tr("little-endian")
                                      : h.dtype.byteOrder == '>' ? tr("big-endian")
                                                                 : tr("not applicable"));
        html += row(tr("Shape"), h.shapeText());
        html += row(tr("Order"), h.fortranOrder ? tr("Fortran (column-major)") : tr("C (row-major)"));
        if (m->loaded) {
            QStringList strides;
            for (qint64 s : m->array.strides())
                strides.append(QString::number(s));
            html += row(tr("Strides"), QStringLiteral("(%1)").arg(strides.join(QStringLiteral(", "))));
        }
        html += row(tr("Item size"), tr("%1 bytes").arg(h.dtype.itemSize));
        html += row(tr("Elements"), QString::number(h.elementCount));
        html += row(tr("nbytes"), tr("%1 (%2)").arg(h.dataBytes).arg(MemberModel::sizeText(h.dataBytes)));
        html += row(tr("Data offset"), QString::number(h.dataOffset));
    }
    if (m->info.compression != npy::Compression::None && m->info.compression != npy::Compression::Unsupported) {
        html += row(tr("Stored size"), MemberModel::sizeText(m->info.storedSize));
        if (m->info.storedSize > 0)
            html += row(tr("Compression ratio"),
                        QStringLiteral("%1 : 1").arg(double(m->info.size) / double(m->info.storedSize), 0, 'f', 2));
    }
    if (m->loaded && m->array.isMapped() && !m->mappedFrom.isEmpty())
        html += row(tr("Data"), tr("memory-mapped from %1, the file it was read from (read on demand)")
                                    .arg(QFileInfo(m->mappedFrom).fileName().toHtmlEscaped()));
    else if (m->loaded)
        html += row(tr("Data"), m->array.isMapped()    ? tr("memory-mapped (read on demand)")
                                : m->array.isReadOnly() ? tr("paged from the archive (inflated on demand, read-only)")
                                : m->dataEdits != 0     ? tr("in memory, edited")
                                                        : tr("in memory"));
    else if (mDocument->isLoading(m->id))
        html += row(tr("Data"), tr("loading…"));
    else if (!mLoadError.isEmpty() && mLoadError != m->info.error)
        html += row(tr("Data"), tr("not readable: %1").arg(mLoadError));
    else if (m->info.truncated)
        html += row(tr("Data"), tr("not readable: the file is truncated"));
    html += row(tr("Modified"), m->isModified() ? tr("yes") : tr("no"));
    html += QStringLiteral("</table>");
    mMeta->setText(html);
}

void InspectorPanel::cancelStatistics()
{
    if (mRunning)
        mRunning->store(true);
    mRunning.reset();
    ++mGeneration;
    mProgress->hide();
    mCancel->hide();
}

void InspectorPanel::startStatistics()
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m || !m->loaded)
        return;
    cancelStatistics();
    const QList<npy::LeafColumn> leaves = npy::leafColumns(m->header().dtype);
    if (leaves.isEmpty())
        return;
    const int leafIndex = mLeaf >= 0 && mLeaf < leaves.size() ? mLeaf : 0;
    const npy::DType leafType = leaves.at(leafIndex).type;
    // A record array's statistics are of one field: say which.
    const QString fieldName = m->header().dtype.kind == npy::Kind::Struct ? leaves.at(leafIndex).name : QString();
    if (!leafType.isNumeric()) {
        mStats->setText(tr("<i>Not numeric: no statistics.</i>"));
        return;
    }
    const npy::NpyArray array = m->array; // shares the bytes; edits detach the document's copy
    const int id = mMemberId;
    const int generation = mGeneration;
    mFields.clear();
    mRunning = std::make_shared<std::atomic_bool>(false);
    const std::shared_ptr<std::atomic_bool> cancel = mRunning;
    mProgress->setValue(0);
    mProgress->show();
    mCancel->show();
    mStats->setText(tr("<i>Computing…</i>"));
    auto *watcher = new QFutureWatcher<npy::ArrayStats>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, mProgress, &QProgressBar::setValue);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id, generation, leafType, fieldName]() {
        watcher->deleteLater();
        if (generation != mGeneration)
            return; // cancelled or superseded
        mRunning.reset();
        mProgress->hide();
        mCancel->hide();
        const npy::ArrayStats s = watcher->future().result();
        if (s.cancelled) {
            mStats->setText(tr("<i>Cancelled.</i>"));
            return;
        }
        mFields = npy::statsFields(s, leafType);
        QString html = QStringLiteral("<table>");
        if (!fieldName.isEmpty())
            html += row(tr("Field"), fieldName);
        for (const npy::StatsField &f : std::as_const(mFields))
            html += row(f.label, f.value);
        html += QStringLiteral("</table>");
        if (s.numeric)
            html += tr("<p><small>Min, max, mean and std follow NumPy's nanmin, nanmax, nanmean and nanstd: NaN is "
                       "left out, ±Inf is included. The finite figures leave out ±Inf too.</small></p>");
        mStats->setText(html);
        emit statisticsReady(id, s);
    });
    watcher->setFuture(QtConcurrent::run(jobPool(), [array, leafIndex, cancel](QPromise<npy::ArrayStats> &promise) {
        promise.setProgressRange(0, 1000);
        npy::Progress p;
        p.cancel = cancel.get();
        p.report = [&promise](qint64 done, qint64 total) {
            promise.setProgressValue(total > 0 ? int(done * 1000 / total) : 0);
        };
        promise.addResult(npy::computeStats(array, leafIndex, p));
    }));
}

} // namespace npyw
