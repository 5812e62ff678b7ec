#include "seriesframemodel.h"

#include "document.h"
#include "jobpool.h"
#include "sortorder.h"

#include <QtConcurrent/QtConcurrentRun>

namespace npyw {

SeriesFrameModel::SeriesFrameModel(Document *document, QObject *parent)
    : WindowedTableModel(parent), mDocument(document), mWatcher(new QFutureWatcher<SortOutcome>(this))
{
    connect(mWatcher, &QFutureWatcherBase::finished, this, &SeriesFrameModel::sortDone);
    connect(document, &Document::memberLoaded, this, &SeriesFrameModel::memberLoaded);
    connect(document, &Document::valuesChanged, this, &SeriesFrameModel::valuesChanged);
    connect(document, &Document::memberAboutToBeRemoved, this, &SeriesFrameModel::memberRemoved);
    connect(document, &Document::membersChanged, this, [this] {
        // Renames show in the headers; members gone (removeMember announces itself first) are dropped there.
        if (columnCount() > 0)
            emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
        emit membersChanged();
    });
}

SeriesFrameModel::~SeriesFrameModel()
{
    if (mCancel)
        mCancel->store(true);
    mWatcher->waitForFinished();
}

bool SeriesFrameModel::setMembers(const QList<int> &ids, QString *why)
{
    auto refuse = [why](const QString &message) {
        if (why)
            *why = message;
        return false;
    };
    if (!mDocument || ids.isEmpty())
        return refuse(tr("Choose one or more 1-D arrays of one length."));
    qint64 length = -1;
    QString first;
    for (int id : ids) {
        const Member *m = mDocument->memberById(id);
        if (!m || !m->isArray() || m->header().shape.size() != 1)
            return refuse(tr("“%1” is not a 1-D array: only 1-D arrays are shown side by side.")
                              .arg(m ? m->key : QString::number(id)));
        const qint64 n = m->header().shape.first();
        if (length >= 0 && n != length)
            return refuse(tr("“%1” has %2 elements and “%3” %4: side by side, every array has one length.")
                              .arg(m->key)
                              .arg(n)
                              .arg(first)
                              .arg(length));
        if (length < 0) {
            length = n;
            first = m->key;
        }
    }
    beginResetModel();
    stopSorting();
    mIds = ids;
    mLength = length;
    mOrder.clear();
    mSortOrder = Qt::AscendingOrder;
    resetWindow();
    setExtent(mLength, mIds.size());
    endResetModel();
    for (int id : ids) {
        const Member *m = mDocument->memberById(id);
        if (m && !m->loaded && !mDocument->isLoading(id))
            mDocument->loadMember(id);
    }
    return true;
}

void SeriesFrameModel::setFormat(const npy::FormatOptions &options)
{
    mFormat = options;
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole});
}

QString SeriesFrameModel::columnName(int column) const
{
    const Member *m = mDocument && column >= 0 && column < mIds.size() ? mDocument->memberById(mIds.at(column)) : nullptr;
    return m ? m->key : QString();
}

qint64 SeriesFrameModel::sourceRow(qint64 row) const
{
    if (row < 0 || row >= mLength)
        return -1;
    return mOrder.empty() ? row : mOrder[size_t(row)];
}

void SeriesFrameModel::sortBy(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= mIds.size()) {
        stopSorting();
        mSortOrder = Qt::AscendingOrder;
        emit layoutAboutToBeChanged();
        mOrder.clear();
        emit layoutChanged();
        if (columnCount() > 0)
            emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
        emit sortFinished(true, QString());
        return;
    }
    mSortColumn = column;
    mSortOrder = order;
    if (columnCount() > 0)
        emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    startSort();
}

void SeriesFrameModel::stopSorting()
{
    if (mCancel)
        mCancel->store(true);
    ++mGeneration; // a result still on its way is dropped
    mSorting = false;
    mSortAgain = false;
    mSortColumn = -1;
}

void SeriesFrameModel::startSort()
{
    if (!mDocument || mSortColumn < 0)
        return;
    ++mGeneration;
    if (mWatcher->isRunning()) {
        // The running sort is stale: stop it, and start again once it has returned.
        if (mCancel)
            mCancel->store(true);
        mSortAgain = true;
        mSorting = true;
        return;
    }
    const Member *m = mDocument->memberById(mIds.at(mSortColumn));
    if (!m)
        return;
    mSorting = true;
    if (!m->loaded) {
        // Sorted once the member is in (memberLoaded()).
        mSortAgain = true;
        if (!mDocument->isLoading(m->id))
            mDocument->loadMember(m->id);
        return;
    }
    mSortAgain = false;
    // The worker reads a snapshot: edits made meanwhile never touch the bytes it sorts.
    const npy::NpyArray array = m->array.snapshot();
    const bool descending = mSortOrder == Qt::DescendingOrder;
    const QString where = tr("member “%1”").arg(m->key);
    const quint64 generation = mGeneration;
    mCancel = std::make_shared<std::atomic_bool>(false);
    const std::shared_ptr<std::atomic_bool> cancel = mCancel;
    mWatcher->setFuture(QtConcurrent::run(jobPool(), [array, descending, where, generation, cancel] {
        SortOutcome out;
        out.generation = generation;
        if (array.isNull()) {
            out.error = tr("%1: no memory for a copy to sort.").arg(where);
            return out;
        }
        auto order = npy::sortPermutation(array, descending, where, cancel.get());
        if (order.ok())
            out.order = std::move(order.value());
        else
            out.error = order.error();
        return out;
    }));
}

void SeriesFrameModel::sortDone()
{
    SortOutcome out = mWatcher->result();
    if (mSortAgain || out.generation != mGeneration) {
        if (mSortAgain)
            startSort();
        return;
    }
    mSorting = false;
    if (!out.error.isEmpty()) {
        mSortColumn = -1;
        if (columnCount() > 0)
            emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
        emit sortFinished(false, out.error);
        return;
    }
    if (qint64(out.order.size()) != mLength)
        return; // cancelled
    emit layoutAboutToBeChanged();
    mOrder = std::move(out.order);
    emit layoutChanged();
    if (rowCount() > 0)
        emit headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
    emit sortFinished(true, QString());
}

void SeriesFrameModel::memberLoaded(int id)
{
    const int column = mIds.indexOf(id);
    if (column < 0)
        return;
    const qint64 c = column - columnOffset();
    if (c >= 0 && c < columnCount() && rowCount() > 0)
        emit dataChanged(index(0, int(c)), index(rowCount() - 1, int(c)));
    if (column == mSortColumn && mSorting && !mWatcher->isRunning())
        startSort();
}

void SeriesFrameModel::valuesChanged(int id)
{
    const int column = mIds.indexOf(id);
    if (column < 0)
        return;
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    if (column == mSortColumn)
        startSort(); // the order follows the new values
}

void SeriesFrameModel::memberRemoved(int id)
{
    const int column = mIds.indexOf(id);
    if (column < 0)
        return;
    QList<int> rest = mIds;
    rest.removeAt(column);
    const int sorted = mSortColumn;
    const Qt::SortOrder order = mSortOrder;
    std::vector<qint64> kept = mOrder;
    beginResetModel();
    if (sorted == column) {
        stopSorting();
        kept.clear();
    } else if (sorted > column) {
        mSortColumn = sorted - 1;
    }
    mIds = rest;
    mOrder = std::move(kept);
    mSortOrder = order;
    setExtent(mIds.isEmpty() ? 0 : mLength, mIds.size());
    endResetModel();
    emit membersChanged();
}

const uchar *SeriesFrameModel::element(int column, qint64 row, const npy::DType **type) const
{
    if (!mDocument || column < 0 || column >= mIds.size())
        return nullptr;
    const Member *m = mDocument->memberById(mIds.at(column));
    const qint64 source = sourceRow(row);
    if (!m || !m->loaded || source < 0 || source >= m->array.header().elementCount)
        return nullptr;
    *type = &m->array.header().dtype;
    return m->array.data() + source * m->array.header().dtype.itemSize;
}

QVariant SeriesFrameModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return QVariant();
    const qint64 row = absoluteRow(index.row());
    const int column = int(absoluteColumn(index.column()));
    if (role == SourceRowRole)
        return sourceRow(row);
    const npy::DType *type = nullptr;
    const uchar *p = element(column, row, &type);
    switch (role) {
    case Qt::DisplayRole:
        return p ? npy::formatValue(*type, p, mFormat) : QStringLiteral("…");
    case FullTextRole:
        return p ? npy::formatValue(*type, p) : QString();
    case Qt::TextAlignmentRole:
        return p && type->isNumeric() ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                      : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    default:
        return QVariant();
    }
}

QVariant SeriesFrameModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return QString::number(sourceRow(absoluteRow(section)));
        if (role == Qt::ToolTipRole)
            return tr("Index %1 in every column's array").arg(sourceRow(absoluteRow(section)));
        return QVariant();
    }
    const int column = int(absoluteColumn(section));
    const Member *m = mDocument && column < mIds.size() ? mDocument->memberById(mIds.at(column)) : nullptr;
    if (!m)
        return QVariant();
    if (role == Qt::DisplayRole) {
        if (column != mSortColumn)
            return m->key;
        return m->key + (mSortOrder == Qt::AscendingOrder ? QStringLiteral(" ▲") : QStringLiteral(" ▼"));
    }
    if (role == Qt::ToolTipRole)
        return tr("%1 · %2 · click to sort by it (a view: the file is unchanged)")
            .arg(m->key, m->header().dtype.displayName());
    return QVariant();
}

Qt::ItemFlags SeriesFrameModel::flags(const QModelIndex &index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
}

} // namespace npyw
