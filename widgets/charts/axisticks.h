#pragma once

#include "heatmap.h"

#include <QList>
#include <QString>

class QPainter;
class QRect;

namespace npyw {

/** "Nice" tick values (1, 2, 5 x 10^k steps) covering [lo, hi], about \a count of them. */
[[nodiscard]] QList<double> niceTicks(double lo, double hi, int count);
/**
 * A tick label: \a value rounded to a multiple of \a step, as a plain decimal with the step's
 * decimals, trailing zeros dropped ("320", "2200", "0.25", "1"), when it fits (below 1e7, above
 * 1e-4); else in exponent form with just the digits that tell ticks apart; "0" for -0. Without a
 * step (\a step <= 0): a whole number exactly, anything else with 7 significant digits.
 * \a largest, the largest magnitude among the axis's ticks, makes that choice for the whole axis:
 * one axis never mixes "8000000" with "1e+07".
 */
[[nodiscard]] QString tickLabel(double value, double step, double largest = 0.0);

/** The largest magnitude among \a values (0 for none): tickLabel()'s \a largest for an axis. */
[[nodiscard]] double largestMagnitude(const QList<double> &values);

/**
 * The label of a tick at \a count on an axis of datetime values of \a type (counts in its unit):
 * the date as NumPy writes it ("2004-08-19"). Empty for a non-finite count.
 */
[[nodiscard]] QString dateTickLabel(const npy::DType &type, double count);

/** One tick of an axis: where it sits (a value of the axis) and what it says. */
struct Tick
{
    double value = 0.0;
    QString label;
    bool operator==(const Tick &o) const { return value == o.value && label == o.label; }
};

/**
 * Where \a value sits along an axis from \a lo to \a hi on \a scale: 0 at \a lo, 1 at \a hi.
 * 0 when the axis is empty (!(hi > lo)) and, on the log scale, for values or ends \<= 0.
 */
[[nodiscard]] double scalePosition(double value, double lo, double hi, npy::ColorScale scale);

/**
 * The ticks of an axis from \a lo to \a hi on \a scale, about \a count of them:
 * "False"/"True" at 0 and 1 for a boolean axis; one tick at \a lo when the axis is empty;
 * powers of ten ("1e3") on a log axis spanning at least two decades; else niceTicks() labelled
 * with tickLabel() (on a log axis only the positive ones). With \a isInteger, steps below 1
 * become 1: integer data is ticked at integers only.
 */
[[nodiscard]] QList<Tick> axisTicks(double lo, double hi, npy::ColorScale scale, int count, bool isBool = false,
                                    bool isInteger = false);

/**
 * The ticks of an axis of datetime values of \a type (counts in its unit) from \a lo to \a hi, about \a count of
 * them, on calendar steps: seconds (1, 2, 5, 10, 15, 30), minutes (likewise), hours (1, 2, 3, 6, 12), days (1, 2),
 * weeks (1, 2), months (1, 2, 3, 6) and years (1, 2, 5 x 10^k), or decimal fractions of a second; never finer than
 * one count of the type. Each is labelled in the coarsest unit that shows it ("2021-03", "2021-03-05",
 * "2021-03-05T06:00", "...T06:00:30"): the first of a month or a year, midnight or a whole minute name no more.
 * For a generic datetime (no unit) the ticks of its counts, as axisTicks() gives them.
 */
[[nodiscard]] QList<Tick> dateAxisTicks(const npy::DType &type, double lo, double hi, int count);

/**
 * Draws \a ticks to the right of the vertical \a bar (lo at its bottom, hi at its top): a 4-pixel
 * mark and the label, left-aligned, in the space up to x = \a right. Uses the painter's pen and font.
 */
void drawTicksRightOf(QPainter &painter, const QRect &bar, int right, const QList<Tick> &ticks, double lo, double hi,
                      npy::ColorScale scale);

} // namespace npyw
