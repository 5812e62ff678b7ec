#include "arraytablemodel.h"

#include "document.h"
#include "elements.h"

#include <QColor>
#include <QFont>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace npyw {

namespace {

QString indexText(const QList<qint64> &index)
{
    QStringList parts;
    parts.reserve(index.size());
    for (qint64 i : index)
        parts.append(QString::number(i));
    if (index.size() == 1)
        return QStringLiteral("(%1,)").arg(parts.first());
    return QStringLiteral("(%1)").arg(parts.join(QStringLiteral(", ")));
}

QColor colourFor(double t)
{
    // A light viridis-like ramp, translucent so the text stays readable.
    static const QColor stops[] = {QColor(68, 1, 84), QColor(59, 82, 139), QColor(33, 145, 140),
                                   QColor(94, 201, 98), QColor(253, 231, 37)};
    t = qBound(0.0, t, 1.0) * 4.0;
    const int i = qMin(3, int(t));
    const double f = t - i;
    const QColor &a = stops[i];
    const QColor &b = stops[i + 1];
    return QColor(int(a.red() + (b.red() - a.red()) * f), int(a.green() + (b.green() - a.green()) * f),
                  int(a.blue() + (b.blue() - a.blue()) * f), 110);
}

} // namespace

ArrayTableModel::ArrayTableModel(Document *document, QObject *parent)
    : WindowedTableModel(parent), mDocument(document)
{
    connect(document, &Document::valuesChanged, this, &ArrayTableModel::onValuesChanged);
    connect(document, &Document::memberAboutToBeRemoved, this, [this](int id) {
        if (id == mMemberId)
            setMember(-1);
    });
    connect(document, &Document::memberLoaded, this, [this](int id) {
        if (id == mMemberId)
            setMember(id, mSlice);
    });
}

void ArrayTableModel::setMember(int id, const npy::SliceSpec &slice)
{
    beginResetModel();
    if (id != mMemberId)
        mAxisLabels.clear();
    mMemberId = id;
    mMember = mDocument ? mDocument->memberById(id) : nullptr;
    if (mMember && (!mMember->loaded || mMember->array.isNull()))
        mMember = nullptr;
    mSlice = slice;
    resetWindow();
    recompute();
    endResetModel();
    emit layoutReset();
}

void ArrayTableModel::setSlice(const npy::SliceSpec &slice)
{
    if (slice == mSlice)
        return;
    const bool sameAxes = mMember && slice.rowAxis == mSlice.rowAxis && slice.colAxis == mSlice.colAxis
                          && slice.field == mSlice.field && slice.isValidFor(mMember->header());
    if (sameAxes) {
        // Only the fixed indexes moved: same geometry, new values.
        mSlice = slice;
        recompute();
        if (rowCount() > 0 && columnCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    mSlice = slice;
    resetWindow();
    recompute();
    endResetModel();
    emit layoutReset();
}

void ArrayTableModel::setFormat(const npy::FormatOptions &options)
{
    mFormat = options;
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole});
}

void ArrayTableModel::setColouring(bool enabled, double low, double high)
{
    mColouring = enabled;
    mLow = low;
    mHigh = high;
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::BackgroundRole});
}

void ArrayTableModel::recompute()
{
    mLeaves.clear();
    setExtent(0, 0);
    mBase = mRowStride = mColStride = 0;
    mAllFields = false;
    mNumeric = false;
    if (!mMember)
        return;
    const npy::NpyArray &array = mMember->array;
    const npy::NpyHeader &header = array.header();
    if (!mSlice.isValidFor(header))
        mSlice = npy::SliceSpec::defaultFor(header);
    const npy::SliceLayout layout = npy::SliceLayout::create(array, mSlice);
    mLeaves = layout.columns;
    mAllFields = layout.fieldColumns;
    setExtent(layout.rows, layout.cols);
    mBase = layout.base;
    mRowStride = layout.rowStride;
    mColStride = layout.colStride;
    mNumeric = true;
    for (const npy::LeafColumn &leaf : std::as_const(mLeaves)) {
        if (!leaf.type.isNumeric())
            mNumeric = false;
    }
}

QList<qint64> ArrayTableModel::elementIndex(qint64 row, qint64 column) const
{
    QList<qint64> idx = mSlice.index;
    if (mSlice.rowAxis >= 0 && mSlice.rowAxis < idx.size())
        idx[mSlice.rowAxis] = row;
    if (!mAllFields && mSlice.colAxis >= 0 && mSlice.colAxis < idx.size())
        idx[mSlice.colAxis] = column;
    return idx;
}

npy::DType ArrayTableModel::cellType(qint64 column) const
{
    if (mLeaves.isEmpty())
        return npy::DType();
    return mAllFields ? mLeaves.value(column).type : mLeaves.first().type;
}

const uchar *ArrayTableModel::cell(int row, int column, const npy::DType **type) const
{
    if (!mMember || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return nullptr;
    const qint64 r = rowOffset() + row;
    const qint64 c = columnOffset() + column;
    const npy::LeafColumn &leaf = mAllFields ? mLeaves.at(c) : mLeaves.first();
    *type = &leaf.type;
    const qint64 offset = mBase + r * mRowStride + (mAllFields ? 0 : c * mColStride) + leaf.offset;
    return mMember->array.data() + offset;
}

QVariant ArrayTableModel::roleData(const uchar *p, const npy::DType &type, int row, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        return npy::formatValue(type, p, mFormat);
    case Qt::EditRole:
    case FullTextRole:
        return npy::formatValue(type, p);
    case Qt::TextAlignmentRole:
        return type.isNumeric() ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::BackgroundRole: {
        if (!mColouring || !type.isNumeric() || type.kind == npy::Kind::Bool || !(mHigh > mLow))
            return QVariant();
        const double v = npy::elementValue(type, p);
        if (std::isnan(v))
            return QVariant();
        return colourFor((v - mLow) / (mHigh - mLow));
    }
    case RawBytesRole:
        return QByteArray(reinterpret_cast<const char *>(p), qsizetype(type.itemSize));
    case DoubleRole:
        return npy::elementValue(type, p);
    case IndexTextRole:
    case Qt::ToolTipRole: {
        const qint64 r = rowOffset() + row;
        const qint64 c = columnOffset() + column;
        QString text = indexText(elementIndex(r, c));
        const QString field = mAllFields ? mLeaves.at(c).name : mLeaves.first().name;
        if (!field.isEmpty())
            text += QStringLiteral(" ") + field;
        if (role == Qt::ToolTipRole)
            text += QStringLiteral(" = ") + npy::formatValue(type, p) + QStringLiteral("  (")
                    + type.displayName() + QStringLiteral(")");
        return text;
    }
    default:
        return QVariant();
    }
}

QVariant ArrayTableModel::data(const QModelIndex &index, int role) const
{
    const npy::DType *type = nullptr;
    const uchar *p = cell(index.row(), index.column(), &type);
    if (!p)
        return QVariant();
    return roleData(p, *type, index.row(), index.column(), role);
}

void ArrayTableModel::multiData(const QModelIndex &index, QModelRoleDataSpan roleDataSpan) const
{
    const npy::DType *type = nullptr;
    const uchar *p = cell(index.row(), index.column(), &type);
    for (QModelRoleData &rd : roleDataSpan) {
        if (!p)
            rd.clearData();
        else
            rd.setData(roleData(p, *type, index.row(), index.column(), rd.role()));
    }
}

bool ArrayTableModel::isEditable() const
{
    return !mReadOnly && mMember && mDocument && !mDocument->isSaving() && mMember->isArray()
           && !mMember->array.isReadOnly();
}

Qt::ItemFlags ArrayTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (isEditable())
        f |= Qt::ItemIsEditable;
    return f;
}

bool ArrayTableModel::parseCell(const QModelIndex &index, const QString &text, QByteArray *bytes,
                                QString *why) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) {
        *why = tr("No such cell.");
        return false;
    }
    return npy::parseValue(cellType(columnOffset() + index.column()), text.trimmed(), bytes, why);
}

bool ArrayTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !isEditable())
        return false;
    QByteArray bytes;
    QString why;
    if (!parseCell(index, value.toString(), &bytes, &why)) {
        mLastError = why;
        emit editRefused(why);
        return false;
    }
    const npy::DType *type = nullptr;
    const uchar *p = cell(index.row(), index.column(), &type);
    const qint64 offset = p - mMember->array.data();
    const QString where = data(index, IndexTextRole).toString();
    const QString text = tr("Edit %1%2").arg(mMember->key, where);
    mLastError.clear();
    return mDocument->setValues(mMemberId, {offset}, {bytes}, text, true);
}

bool ArrayTableModel::refuseEdit(const QString &message, QString *why)
{
    mLastError = message;
    if (why)
        *why = message;
    emit editRefused(message);
    return false;
}

bool ArrayTableModel::setTexts(int row, int column, const QList<QStringList> &texts, QString *why)
{
    QString reason;
    auto refuse = [&](const QString &message) { return refuseEdit(message, why); };
    if (!isEditable())
        return refuse(tr("This member cannot be edited."));
    QList<qint64> offsets;
    QList<QByteArray> values;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        for (qsizetype j = 0; j < texts[i].size(); ++j) {
            const int r = row + int(i);
            const int c = column + int(j);
            if (r >= rowCount() || c >= columnCount())
                return refuse(tr("The pasted block (%1 × %2) does not fit: it runs past the end of the table.")
                                  .arg(texts.size())
                                  .arg(texts[i].size()));
            QByteArray bytes;
            const QModelIndex idx = index(r, c);
            if (!parseCell(idx, texts[i][j], &bytes, &reason))
                return refuse(tr("%1: “%2”: %3").arg(data(idx, IndexTextRole).toString(), texts[i][j], reason));
            const npy::DType *type = nullptr;
            offsets.append(cell(r, c, &type) - mMember->array.data());
            values.append(bytes);
        }
    }
    if (offsets.isEmpty())
        return refuse(tr("Nothing to paste."));
    mLastError.clear();
    return mDocument->setValues(mMemberId, offsets, values,
                                tr("Paste %1 Values into %2").arg(offsets.size()).arg(mMember->key));
}

bool ArrayTableModel::fill(const QModelIndexList &indexes, const QString &text, QString *why)
{
    auto refuse = [&](const QString &message) { return refuseEdit(message, why); };
    if (!isEditable())
        return refuse(tr("This member cannot be edited."));
    QList<qint64> offsets;
    QList<QByteArray> values;
    QHash<int, QByteArray> perColumnType; // struct columns may differ in type
    for (const QModelIndex &idx : indexes) {
        QByteArray bytes;
        auto it = perColumnType.find(mAllFields ? idx.column() : 0);
        if (it == perColumnType.end()) {
            QString reason;
            if (!parseCell(idx, text, &bytes, &reason))
                return refuse(tr("%1: “%2”: %3").arg(data(idx, IndexTextRole).toString(), text, reason));
            it = perColumnType.insert(mAllFields ? idx.column() : 0, bytes);
        }
        const npy::DType *type = nullptr;
        const uchar *p = cell(idx.row(), idx.column(), &type);
        if (!p)
            continue;
        offsets.append(p - mMember->array.data());
        values.append(*it);
    }
    if (offsets.isEmpty())
        return refuse(tr("Nothing selected to fill."));
    mLastError.clear();
    return mDocument->setValues(mMemberId, offsets, values,
                                tr("Fill %1 Values of %2 with %3").arg(offsets.size()).arg(mMember->key, text));
}

QString ArrayTableModel::copyText(const QModelIndexList &indexes, bool fullPrecision) const
{
    if (indexes.isEmpty())
        return QString();
    int top = INT_MAX, left = INT_MAX, bottom = -1, right = -1;
    for (const QModelIndex &idx : indexes) {
        top = qMin(top, idx.row());
        left = qMin(left, idx.column());
        bottom = qMax(bottom, idx.row());
        right = qMax(right, idx.column());
    }
    const int width = right - left + 1;
    const int role = fullPrecision ? int(FullTextRole) : int(Qt::DisplayRole);
    if (qint64(indexes.size()) < qint64(width) * (bottom - top + 1)) {
        // Not one rectangle (two cells far apart, say): only the selected cells, row by row, never
        // the empty cells of their bounding rectangle.
        QModelIndexList sorted = indexes;
        std::sort(sorted.begin(), sorted.end(), [](const QModelIndex &a, const QModelIndex &b) {
            return a.row() != b.row() ? a.row() < b.row() : a.column() < b.column();
        });
        QString out;
        for (qsizetype i = 0; i < sorted.size(); ++i) {
            if (i > 0)
                out += sorted[i].row() == sorted[i - 1].row() ? QLatin1Char('\t') : QLatin1Char('\n');
            out += data(sorted[i], role).toString();
        }
        out += QLatin1Char('\n');
        return out;
    }
    QList<QStringList> grid(bottom - top + 1, QStringList(width));
    for (const QModelIndex &idx : indexes)
        grid[idx.row() - top][idx.column() - left] = data(idx, role).toString();
    QString out;
    for (const QStringList &line : std::as_const(grid)) {
        out += line.join(QLatin1Char('\t'));
        out += QLatin1Char('\n');
    }
    return out;
}

QVariant ArrayTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return int(orientation == Qt::Vertical ? (Qt::AlignRight | Qt::AlignVCenter) : Qt::AlignCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QVariant();
    if (!mMember)
        return QVariant();
    if (orientation == Qt::Vertical) {
        if (mSlice.rowAxis < 0)
            return QStringLiteral("()");
        return labelled(mSlice.rowAxis, rowOffset() + section, role);
    }
    const qint64 c = columnOffset() + section;
    if (mAllFields) {
        const QString name = mLeaves.value(c).name;
        if (role == Qt::ToolTipRole)
            return tr("%1 (%2)").arg(name, mLeaves.value(c).type.displayName());
        return name.isEmpty() ? mLeaves.value(c).type.displayName() : name;
    }
    if (mSlice.colAxis < 0)
        return mLeaves.isEmpty() ? QString() : (mLeaves.first().name.isEmpty() ? mLeaves.first().type.displayName()
                                                                               : mLeaves.first().name);
    return labelled(mSlice.colAxis, c, role);
}

QString ArrayTableModel::labelled(int axis, qint64 i, int role) const
{
    const auto it = mAxisLabels.constFind(axis);
    if (it == mAxisLabels.constEnd() || !it->isCoordinate() || i >= it->size())
        return QString::number(i);
    if (role == Qt::ToolTipRole)
        return tr("index %1 of axis %2: %3 = %4").arg(i).arg(axis).arg(it->name(), it->text(i));
    return QStringLiteral("%1: %2").arg(i).arg(it->text(i));
}

void ArrayTableModel::setAxisLabels(int axis, const AxisLabels &labels)
{
    if (labels.isCoordinate())
        mAxisLabels.insert(axis, labels);
    else if (!mAxisLabels.remove(axis))
        return;
    if (axis == mSlice.rowAxis && rowCount() > 0)
        emit headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
    if (axis == mSlice.colAxis && !mAllFields && columnCount() > 0)
        emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

void ArrayTableModel::onValuesChanged(int id)
{
    if (id != mMemberId || !mMember || rowCount() == 0 || columnCount() == 0)
        return;
    emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

} // namespace npyw
