#include "comparemodel.h"

#include "dtype.h"
#include "valuetext.h"

#include <QColor>

#include <limits>

namespace npyw {

namespace {

/** Qt's views take int rows and columns: bigger grids show their first 2^31 - 1. */
int clampInt(qint64 v)
{
    return int(std::min<qint64>(v, std::numeric_limits<int>::max()));
}

QString elementText(const npy::DType &type, const uchar *p)
{
    if (type.kind != npy::Kind::Struct)
        return npy::formatValue(type, p);
    QStringList parts;
    for (const npy::LeafColumn &leaf : npy::leafColumns(type))
        parts << (leaf.type.kind == npy::Kind::Unicode ? npy::pyRepr(npy::formatValue(leaf.type, p + leaf.offset))
                                                   : npy::formatValue(leaf.type, p + leaf.offset));
    return QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

} // namespace

void ComparePair::setArrays(const npy::NpyArray &arrayA, const npy::NpyArray &arrayB)
{
    a = arrayA;
    b = arrayB;
    const QList<qint64> &shape = a.shape();
    cols = shape.isEmpty() ? 1 : shape.last();
    rows = cols > 0 ? a.size() / cols : 0;
    if (shape.size() == 1) {
        rows = shape.first();
        cols = 1;
    }
}

bool ComparePair::differs(qint64 flat) const
{
    if (!comparator || flat < 0 || flat >= a.size())
        return false;
    return comparator->compare(a.element(flat), b.element(flat)).differs;
}

QString ComparePair::text(bool sideA, qint64 flat) const
{
    const npy::NpyArray &x = sideA ? a : b;
    if (flat < 0 || flat >= x.size())
        return QString();
    return elementText(x.dtype(), x.element(flat));
}

CompareTableModel::CompareTableModel(std::shared_ptr<const ComparePair> pair, bool sideA, QObject *parent)
    : QAbstractTableModel(parent), mPair(std::move(pair)), mSideA(sideA)
{
}

int CompareTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : clampInt(mPair->rows);
}

int CompareTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : clampInt(mPair->cols);
}

QColor CompareTableModel::differenceColor()
{
    return QColor(255, 170, 160);
}

qint64 CompareTableModel::flatOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return -1;
    return qint64(index.row()) * mPair->cols + index.column();
}

QModelIndex CompareTableModel::indexOfFlat(qint64 flat) const
{
    if (flat < 0 || mPair->cols <= 0 || flat >= mPair->size())
        return {};
    const qint64 row = flat / mPair->cols;
    const qint64 col = flat % mPair->cols;
    if (row >= rowCount() || col >= columnCount())
        return {};
    return index(int(row), int(col));
}

QVariant CompareTableModel::data(const QModelIndex &index, int role) const
{
    const qint64 flat = flatOf(index);
    if (flat < 0 || flat >= mPair->size())
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return mPair->text(mSideA, flat);
    case Qt::BackgroundRole:
        return mPair->differs(flat) ? QVariant(differenceColor()) : QVariant();
    case Qt::ToolTipRole: {
        QString tip = tr("A: %1\nB: %2").arg(mPair->text(true, flat), mPair->text(false, flat));
        if (mPair->comparator && mPair->comparator->isNumeric()) {
            const double d = mPair->comparator->difference(mPair->a.element(flat), mPair->b.element(flat));
            tip += tr("\nA − B: %1").arg(QString::number(d, 'g', 17));
        }
        return tip;
    }
    default:
        return {};
    }
}

QVariant CompareTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || section < 0)
        return {};
    const QList<qint64> &shape = mPair->a.shape();
    if (orientation == Qt::Horizontal || shape.size() <= 2)
        return QString::number(section);
    // The leading axes of an N-d array, flattened down the rows: show the row's index prefix.
    QList<qint64> index = npy::unravelIndex(qint64(section), shape.first(shape.size() - 1));
    QStringList parts;
    for (qint64 i : index)
        parts << QString::number(i);
    return parts.join(QStringLiteral(", "));
}

void CompareTableModel::refresh()
{
    beginResetModel();
    endResetModel();
}

} // namespace npyw
