#pragma once

#include "comparemodel.h"

#include <QImage>
#include <QSize>
#include <QWidget>

#include <functional>

namespace npyw {

/** What the difference heatmap shows. */
enum class DifferenceMode {
    Signed,   ///< A - B on a diverging colormap symmetric about 0
    Absolute, ///< |A - B|
    Relative  ///< |A - B| / |B|
};

/** A rendered difference heatmap and its colour range. */
struct DifferenceImage
{
    QImage image;
    /** The values at the two ends of the colormap. */
    double low = 0;
    double high = 0;
    /** Pixels showing a NaN mismatch (their own colour). */
    qint64 nanPixels = 0;
};

/**
 * Renders the differences of \a pair's current slice at most \a maxSize pixels (one pixel per element when
 * it fits). Zoomed out, a pixel shows the exact reduction of its block: the difference of largest
 * magnitude (all of the block's elements are read), and the NaN colour when any element of the
 * block is a NaN mismatch. Colours come from core's heatmap kernels (mapToIndices, colorize):
 * coolwarm, symmetric about 0 for Signed, viridis from 0 otherwise; NaN mismatches magenta.
 * Elements that are the same but have no number (NaN against NaN) stay at 0.
 */
[[nodiscard]] DifferenceImage renderDifferences(const ComparePair &pair, DifferenceMode mode, QSize maxSize);

/** Shows a difference heatmap scaled to its size (aspect kept), circles one element, reports clicks. */
class DifferenceCanvas : public QWidget
{
public:
    explicit DifferenceCanvas(QWidget *parent = nullptr);
    /** Shows \a image, which draws a grid of \a rows x \a cols elements. */
    void setImage(const QImage &image, qint64 rows, qint64 cols);
    /** Circles the element (\a row, \a col) (none when negative). */
    void setMarker(qint64 row, qint64 col);
    /** Called after a resize (to render at the new size). */
    std::function<void()> resized;
    /** Called with the grid cell under a click. */
    std::function<void(qint64 row, qint64 col)> clicked;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    [[nodiscard]] QRect target() const;
    QImage mImage;
    qint64 mRows = 0;
    qint64 mCols = 0;
    qint64 mMarkRow = -1;
    qint64 mMarkCol = -1;
};

} // namespace npyw
