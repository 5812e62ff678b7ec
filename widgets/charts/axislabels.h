#pragma once

#include "elements.h"

#include <QList>
#include <QString>

namespace npyw {

/** One tick of an axis of a slice: where it sits along the axis in elements (element i covers [i, i + 1)), and its label. */
struct SliceTick
{
    double position = 0.0;
    QString label;
    bool operator==(const SliceTick &o) const { return position == o.position && label == o.label; }
};

/**
 * What labels one axis of a slice: its indexes, or the values of a coordinate (npy::rankCoordinates()): a 1-D
 * array as long as the axis, strictly increasing or decreasing, of numbers or datetimes, and its member's name.
 * Reads the coordinate's elements on the calling thread, a few per call: hand it an immutable array (a snapshot).
 */
class AxisLabels
{
public:
    /** Indexes. */
    AxisLabels() = default;
    /** The values of \a values, named \a name; indexes when \a values is not a 1-D array of numbers or datetimes. */
    AxisLabels(const npy::NpyArray &values, const QString &name);

    /** True when a coordinate labels the axis (false: indexes). */
    [[nodiscard]] bool isCoordinate() const { return mValid; }
    /** The coordinate's name ("lat"); empty for indexes. */
    [[nodiscard]] const QString &name() const { return mName; }
    /** The coordinate's length (0 for indexes). */
    [[nodiscard]] qint64 size() const { return mValid ? mAccess.rows() : 0; }
    /** The coordinate's values (null for indexes). */
    [[nodiscard]] const npy::NpyArray &values() const { return mValues; }
    /** Value \a i as NumPy prints it ("77.5", "2021-01-05"); empty for indexes or outside. */
    [[nodiscard]] QString text(qint64 i) const;
    /** Value \a i as a number (datetimes as counts of their unit); NaN for indexes or outside. */
    [[nodiscard]] double value(qint64 i) const;

    /**
     * About \a count ticks for the part of an axis of \a length elements from slice position \a from to \a to (the
     * elements whose centres lie there): whole indexes at their elements' centres, or round values of the
     * coordinate (dates on calendar steps, see dateAxisTicks()) where they fall between its values. Empty when
     * no element's centre is in view.
     */
    [[nodiscard]] QList<SliceTick> ticks(double from, double to, qint64 length, int count) const;
    /** The slice position where the coordinate has value \a v (interpolated between neighbours); NaN outside. */
    [[nodiscard]] double positionOf(double v, qint64 first, qint64 last) const;

private:
    npy::NpyArray mValues;
    npy::SliceAccess mAccess;
    QString mName;
    bool mValid = false;
    bool mIncreasing = true;
};

} // namespace npyw
