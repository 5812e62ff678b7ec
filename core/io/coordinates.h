#pragma once

#include "result.h"
#include "source.h"

#include <QList>
#include <QString>

#include <functional>

namespace npy {

/**
 * @file
 * Coordinates: which other member of an archive labels each axis of a member (`lat` and `lon` for a climate field
 * `temp` of shape (180, 360), a datetime `time` for a series).
 *
 * The rule. For axis k (of length n) of a member, a candidate is another member that is a 1-D array of n elements,
 * of an ordered number type (integers, floats, datetimes, timedeltas: isOrderedNumberType()), strictly increasing or
 * strictly decreasing (strictMonotonicity(): a NaN or NaT disqualifies), with at most
 * CoordinateOptions::maxElements elements (larger members are never read). A member is never its own coordinate.
 * Among the candidates, names settle ties, then member order (the first in the archive wins):
 *   1. a candidate named for the axis's role (axisRoles()): `lat`, `latitude`, `y` for rows of a 2-D array, ...;
 *   2. a candidate named for another role (any name coordinateRole() knows);
 *   3. any other candidate.
 * Names are matched case-insensitively on the part after the last '/'.
 */

/** What a coordinate stands for, as its name tells. */
enum class AxisRole {
    None, ///< a name no role has
    X,    ///< lon, longitude, lng, x
    Y,    ///< lat, latitude, y
    Z,    ///< depth, z, level, lev, height, altitude, pressure, plev
    T     ///< time, t, date, datetime
};

/** The role member name \a name stands for (case-insensitive, the part after the last '/'); None for others. */
[[nodiscard]] AxisRole coordinateRole(const QString &name);

/**
 * The roles axis \a axis of an \a ndim-dimensional array plays by the usual order of gridded data (CF's T, Z, Y, X
 * from the end): the last axis X, the one before it Y; for 3-D data the first axis T or Z; for 4-D and more the
 * axis before Y is Z and the one before that T; the one axis of a 1-D array T (a series). Empty for other axes.
 */
[[nodiscard]] QList<AxisRole> axisRoles(int ndim, int axis);

struct CoordinateOptions
{
    /** 1-D members with more elements are not candidates (and are never read). */
    qint64 maxElements = 10000000;
    /** The candidates kept per axis, best first (1: the coordinate alone, which reads the fewest members). */
    int maxCandidates = 1;
};

/**
 * True when member \a m may be a coordinate as far as its header tells: a readable, unpickled 1-D array of an
 * ordered number type with 1 to \a options.maxElements elements. Its values decide the rest.
 */
[[nodiscard]] bool isCoordinateShaped(const MemberInfo &m, const CoordinateOptions &options = {});

/** True when \a values may be a coordinate: a 1-D array whose elements are strictly monotonic. */
[[nodiscard]] bool isCoordinateValues(const NpyArray &values);

/**
 * Answers whether the values of member \a index make it a candidate (isCoordinateValues() of the member as
 * read); false when the member cannot be read. Called at most once per member, only for isCoordinateShaped()
 * members whose length some other member's axis has, and only as far as the ranking needs.
 */
using CoordinateCheck = std::function<bool(int index)>;
/** Reads member \a index whole (a candidate: 1-D, at most CoordinateOptions::maxElements elements). */
using CoordinateReader = std::function<Result<NpyArray>(int index)>;

/** For each member (in \a members' order), for each of its axes, its candidate coordinates best first. */
using RankedCoordinates = QList<QList<QList<int>>>;

/**
 * The candidate coordinates of every axis of every member of \a members by the rule above, best first, at most
 * \a options.maxCandidates of them: for each member one list per axis (none for members that are not readable
 * arrays, and for 0-d arrays). \a check decides on a member's values; it is called at most once per member, and
 * only for the members that could still change an answer (the first few of each name tier). Stops early (the
 * lists found so far, the rest empty) when \a progress is cancelled.
 */
[[nodiscard]] RankedCoordinates rankCoordinates(const QList<MemberInfo> &members, const CoordinateCheck &check,
                                                const CoordinateOptions &options = {}, const Progress &progress = {});

/**
 * The coordinate of each axis of each member: for each member (in order) one entry per axis, the index of the
 * coordinate member or -1 (an empty list for members that are not readable arrays, and for 0-d arrays). Reads
 * each candidate through \a read once at most.
 */
[[nodiscard]] QList<QList<int>> findCoordinates(const QList<MemberInfo> &members, const CoordinateReader &read,
                                                const CoordinateOptions &options = {}, const Progress &progress = {});

/** findCoordinates() over the members of \a source, read with Source::load(). */
[[nodiscard]] QList<QList<int>> findCoordinates(const Source &source, const Progress &progress = {});

} // namespace npy
