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
    lead.clear();
    rows = cols = 0;
    if (a.isNull())
        return;
    const QList<qint64> &shape = a.shape();
    if (shape.isEmpty()) {
        rows = cols = 1;
    } else if (shape.size() == 1) {
        rows = shape.first();
        cols = 1;
    } else {
        rows = shape[shape.size() - 2];
        cols = shape.last();
        lead = QList<qint64>(shape.size() - 2, 0);
    }
}

qint64 ComparePair::sliceBase() const
{
    const QList<qint64> &shape = a.shape();
    qint64 base = 0;
    for (qsizetype k = 0; k < lead.size(); ++k)
        base = base * shape[k] + lead[k];
    return base * rows * cols;
}

void ComparePair::showSliceOf(qint64 flat, qint64 *row, qint64 *col)
{
    const QList<qint64> index = npy::unravelIndex(flat, a.shape());
    for (qsizetype k = 0; k < lead.size(); ++k)
        lead[k] = index[k];
    const qint64 inSlice = flat - sliceBase();
    *row = cols > 0 ? inSlice / cols : 0;
    *col = cols > 0 ? inSlice % cols : 0;
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
    return mPair->flatAt(index.row(), index.column());
}

QModelIndex CompareTableModel::indexOfFlat(qint64 flat) const
{
    const qint64 inSlice = flat - mPair->sliceBase();
    if (mPair->cols <= 0 || inSlice < 0 || inSlice >= mPair->rows * mPair->cols)
        return {};
    const qint64 row = inSlice / mPair->cols;
    const qint64 col = inSlice % mPair->cols;
    if (row >= rowCount() || col >= columnCount())
        return {};
    return index(int(row), int(col));
}

QVariant CompareTableModel::data(const QModelIndex &index, int role) const
{
    const qint64 flat = flatOf(index);
    if (flat < 0 || flat >= mPair->total())
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
    Q_UNUSED(orientation);
    if (role != Qt::DisplayRole || section < 0)
        return {};
    return QString::number(section);
}

void CompareTableModel::refresh()
{
    beginResetModel();
    endResetModel();
}

} // namespace npyw
