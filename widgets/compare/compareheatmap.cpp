#include "compareheatmap.h"

#include "heatmap.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace npyw {

DifferenceImage renderDifferences(const ComparePair &pair, DifferenceMode mode, QSize maxSize)
{
    DifferenceImage out;
    if (!pair.comparator || !pair.comparator->isNumeric() || pair.rows <= 0 || pair.cols <= 0 || maxSize.isEmpty())
        return out;
    const int width = int(std::min<qint64>(pair.cols, maxSize.width()));
    const int height = int(std::min<qint64>(pair.rows, maxSize.height()));
    npy::SampledImage sampled;
    sampled.size = QSize(width, height);
    sampled.valid = QRect(0, 0, width, height);
    sampled.values.assign(size_t(width) * size_t(height), 0.0);
    const npy::ElementComparator &cmp = *pair.comparator;
    double extreme = 0;
    for (int y = 0; y < height; ++y) {
        const qint64 r0 = pair.rows * y / height;
        const qint64 r1 = std::max(r0 + 1, pair.rows * (y + 1) / height);
        for (int x = 0; x < width; ++x) {
            const qint64 c0 = pair.cols * x / width;
            const qint64 c1 = std::max(c0 + 1, pair.cols * (x + 1) / width);
            double best = 0;
            bool nanMismatch = false;
            for (qint64 r = r0; r < r1 && !nanMismatch; ++r) {
                for (qint64 c = c0; c < c1; ++c) {
                    const qint64 flat = pair.flatAt(r, c);
                    const uchar *pa = pair.a.element(flat);
                    const uchar *pb = pair.b.element(flat);
                    const npy::ElementComparator::Outcome o = cmp.compare(pa, pb);
                    if (o.nanMismatch) {
                        nanMismatch = true;
                        break;
                    }
                    double v = 0;
                    if (mode == DifferenceMode::Signed)
                        v = cmp.difference(pa, pb);
                    else if (mode == DifferenceMode::Absolute)
                        v = o.absDiff;
                    else
                        v = o.relDiff;
                    if (std::isnan(v))
                        continue; // the same without a number (NaN against NaN with equal_nan, Inf against Inf)
                    if (std::fabs(v) > std::fabs(best))
                        best = v;
                }
            }
            if (nanMismatch) {
                sampled.values[size_t(y) * size_t(width) + size_t(x)] = std::numeric_limits<double>::quiet_NaN();
                ++out.nanPixels;
                continue;
            }
            sampled.values[size_t(y) * size_t(width) + size_t(x)] = best;
            if (std::isfinite(best))
                extreme = std::max(extreme, std::fabs(best));
        }
    }
    if (extreme == 0)
        extreme = 1;
    npy::ColorMapping mapping;
    mapping.low = mode == DifferenceMode::Signed ? -extreme : 0;
    mapping.high = extreme;
    std::vector<quint16> indices;
    npy::mapToIndices(sampled, mapping, &indices);
    const npy::ColorTable table =
        npy::colormapTable(mode == DifferenceMode::Signed ? npy::Colormap::Coolwarm : npy::Colormap::Viridis);
    npy::SpecialColors special;
    special.nan = npy::argb(255, 0, 255);
    special.posInf = npy::argb(120, 0, 0);
    special.negInf = npy::argb(0, 0, 120);
    out.image = QImage(width, height, QImage::Format_ARGB32_Premultiplied);
    npy::colorize(indices, sampled.size, table, special, reinterpret_cast<npy::Argb *>(out.image.bits()),
                  out.image.bytesPerLine() / 4);
    out.low = mapping.low;
    out.high = mapping.high;
    return out;
}

DifferenceCanvas::DifferenceCanvas(QWidget *parent) : QWidget(parent)
{
    setMinimumSize(160, 160);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void DifferenceCanvas::setImage(const QImage &image, qint64 rows, qint64 cols)
{
    mImage = image;
    mRows = rows;
    mCols = cols;
    update();
}

void DifferenceCanvas::setMarker(qint64 row, qint64 col)
{
    mMarkRow = row;
    mMarkCol = col;
    update();
}

QRect DifferenceCanvas::target() const
{
    if (mImage.isNull())
        return {};
    const QSize s = mImage.size().scaled(size(), Qt::KeepAspectRatio);
    return QRect(QPoint((width() - s.width()) / 2, (height() - s.height()) / 2), s);
}

void DifferenceCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    if (mImage.isNull())
        return;
    const QRect r = target();
    p.drawImage(r, mImage);
    if (mMarkRow < 0 || mMarkCol < 0 || mRows <= 0 || mCols <= 0)
        return;
    const QPointF at(r.left() + (double(mMarkCol) + 0.5) / double(mCols) * r.width(),
                     r.top() + (double(mMarkRow) + 0.5) / double(mRows) * r.height());
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(Qt::black, 2));
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(at, 7, 7);
    p.setPen(QPen(Qt::yellow, 1));
    p.drawEllipse(at, 9, 9);
}

void DifferenceCanvas::resizeEvent(QResizeEvent *)
{
    if (resized)
        resized();
}

void DifferenceCanvas::mousePressEvent(QMouseEvent *event)
{
    const QRect r = target();
    if (!clicked || r.isEmpty() || !r.contains(event->position().toPoint()))
        return;
    const QPointF at = event->position() - r.topLeft();
    clicked(qint64(at.y() / r.height() * double(mRows)), qint64(at.x() / r.width() * double(mCols)));
}

} // namespace npyw
