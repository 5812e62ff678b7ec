#pragma once

#include "colormaps.h"
#include "heatmap.h"

#include <QWidget>

class QPainter;

namespace npyw {

/** Everything a colour bar shows (so the widget and the PNG export paint the same bar). */
struct ColorBarModel
{
    npy::ColorTable table{};
    npy::SpecialColors colors;
    /** The range (low at the bottom, high at the top) and the NaN / ±Inf counts listed below the bar. */
    npy::RangeStats stats;
    npy::ColorScale scale = npy::ColorScale::Linear;
    /** Labels the ends "False" and "True". */
    bool isBool = false;
    /** Integer data: ticks at integers only. */
    bool isInteger = false;
    /** Datetime data (kind DateTime): the ticks are labelled with dates; else kind Void. */
    npy::DType dateType;
    /** False: nothing is painted. */
    bool valid = false;
};

/**
 * Paints the colour bar of \a model into \a area: the colours from low (bottom) to high (top),
 * ticks with labels beside them (see axisTicks()), then a swatch with its count for each of NaN,
 * +Inf and −Inf that occur ("≈" when counted on a sample). Lines and labels use \a text.
 */
void paintColorBar(QPainter &painter, const QRect &area, const ColorBarModel &model, const QColor &text);

/** The colour bar beside the heatmap: a fixed-width widget painting its model with paintColorBar(). */
class ColorBar : public QWidget
{
public:
    /** The width of the bar with its labels, in the widget and in exported pictures. */
    static constexpr int kWidth = 96;

    explicit ColorBar(QWidget *parent = nullptr);

    /** Shows \a model (repaints). */
    void setModel(const ColorBarModel &model);
    [[nodiscard]] const ColorBarModel &model() const { return mModel; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    ColorBarModel mModel;
};

} // namespace npyw
