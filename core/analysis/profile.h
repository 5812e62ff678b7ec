#pragma once

#include "elements.h"
#include "npyheader.h"
#include "result.h"
#include "slicespec.h"

#include <QString>

#include <atomic>
#include <vector>

namespace npy {

/** Which line of a 2-D slice a profile follows. */
enum class ProfileKind { Row, Column, Line };

/** The widest profile (elements across it): bounds a profile's work to points x width reads. */
inline constexpr qint64 kMaxProfileWidth = 1000;
/** The most points a profile may have (its vectors take 32 bytes a point). */
inline constexpr qint64 kMaxProfilePoints = qint64(1) << 24;
/** The most values a free line's NumPy code spells out. */
inline constexpr qint64 kMaxProfileCodeValues = 100000;

/**
 * Where a profile lies on a slice, in element indexes (element (r, c) is the point (r, c); its square reaches half
 * an element each side).
 *
 * - Row: the whole of row `row0`, with a width of w the mean over w rows centred on it: rows
 *   row0 - (w - 1) / 2 (integer division) to that + w - 1, so that an even width reaches one row further down than
 *   up; rows outside the slice are left out (clipped at the edge).
 * - Column: the same across columns, about column `col0`.
 * - Line: from (row0, col0) to (row1, col1), both inside the slice (fractional allowed): the sampling of
 *   skimage.measure.profile_line(image, src, dst, linewidth=w, order=0): n = ceil(length) + 1 points, the i-th
 *   np.linspace(src, dst, n)[i], each with w points across the line at np.linspace(-h, h, w) from it, h =
 *   (w - 1) / 2 times (cos t, -sin t), t = arctan2(drow, dcol) (a single point: t = 0). Each point reads the
 *   element nearest it (order 0: halves round up, floor(x + 0.5)); points whose element is outside the slice are
 *   left out, as are NaN values (profile_line's mode='grid-constant', cval=np.nan, reduce_func=np.nanmean).
 */
struct ProfileGeometry
{
    ProfileKind kind = ProfileKind::Row;
    double row0 = 0.0;
    double col0 = 0.0;
    double row1 = 0.0;
    double col1 = 0.0;
    qint64 width = 1;

    bool operator==(const ProfileGeometry &o) const
    {
        return kind == o.kind && row0 == o.row0 && col0 == o.col0 && row1 == o.row1 && col1 == o.col1
               && width == o.width;
    }
    bool operator!=(const ProfileGeometry &o) const { return !(*this == o); }
};

/**
 * The values along a profile. Point i has the position `positions[i]` along it (Row: the column index, Column: the
 * row index, Line: the distance from the start in elements, i * length / (n - 1)), the element on the line nearest
 * it (`rows[i]`, `cols[i]`: the one a width of 1 reads) and its value: the mean of the values read across it
 * (complex elements as the slice's part, NaN left out; NaN when none is left), a double.
 */
struct Profile
{
    ProfileGeometry geometry;
    std::vector<double> positions;
    std::vector<qint64> rows;
    std::vector<qint64> cols;
    std::vector<double> values;
    /** Row or Column: the first and last rows (columns) averaged, after clipping. Line: 0, width - 1. */
    qint64 firstAcross = 0;
    qint64 lastAcross = 0;
    /** The length of the line in elements (Row, Column: the points less one). */
    double length = 0.0;
    /** The box of rows and columns around the elements read (clipped to the slice). */
    CellRange readBox;
    /** True when the computation was cancelled: the vectors are then incomplete. */
    bool cancelled = false;

    [[nodiscard]] qint64 size() const { return qint64(values.size()); }
};

/**
 * The profile \a geometry of the slice \a access reads, reading only its points: at most points x width elements,
 * through the element readers (every dtype a heatmap draws, in its byte order; complex ones as the access's part).
 * Fails with a message when the geometry does not fit the slice (a row or column out of range, an end of a line
 * outside it or not finite), the width is not 1 to kMaxProfileWidth, or the line has over kMaxProfilePoints points.
 * Stops early when \a cancel turns true (the result says cancelled). Thread-safe: it only reads.
 *
 * A memory map is read without read-ahead (a column touches a page a row). On a read-only map the pages read are
 * given back at the end, so the resident memory stays bounded, unless \a releasePages is false: a caller taking
 * many profiles in a row (a line dragged across a picture) keeps them mapped, which makes the next profile of the
 * same rows a hundred times quicker, and gives them back once with releaseProfilePages().
 */
[[nodiscard]] Result<Profile> computeProfile(const SliceAccess &access, const ProfileGeometry &geometry,
                                             const std::atomic_bool *cancel = nullptr, bool releasePages = true);

/**
 * Gives back the pages of the elements of \a box (rows and columns of the slice \a access, clipped to it) from this
 * process's resident set, when \a access reads a read-only map (nothing otherwise): after computeProfile() calls
 * that kept them. Thread-safe.
 */
void releaseProfilePages(const SliceAccess &access, const CellRange &box);

/**
 * NumPy code that gives \a profile's values from the array named \a name with header \a header, of which the
 * profile was taken on slice \a spec (complex values as \a part):
 *
 * - a row or column: the indexing expression, the other axes at the slice's indexes, a record array's field
 *   and a complex part applied: `a[5, :]`, `a[2, 3:6, :].mean(axis=0)`, `np.nanmean(a['v'][:, 4:6], axis=1)`,
 *   `np.abs(z[1, :])`; a mean is np.nanmean for floats (dtype=np.float64 unless they are doubles already) and
 *   .mean() otherwise, as computeProfile() takes it;
 * - a free line (or datetimes): `np.array([...], dtype='<f8')` of the values, up to kMaxProfileCodeValues.
 *
 * Fails with a message when there is nothing to write or too much.
 */
[[nodiscard]] Result<QString> profileNumpyCode(const NpyHeader &header, const SliceSpec &spec, ComplexPart part,
                                               const Profile &profile, const QString &name = QStringLiteral("a"));

/**
 * The profile as CSV: a header line `position,row,col,value`, then one line a point, numbers in their shortest
 * round-trip text (NaN as `nan`), lines ending in "\n": what np.loadtxt(path, delimiter=',', skiprows=1) reads.
 */
[[nodiscard]] QByteArray profileCsv(const Profile &profile);

/** Writes profileCsv() to \a path through QSaveFile (an existing file is left as it was on failure). */
[[nodiscard]] Status writeProfileCsv(const QString &path, const Profile &profile);

} // namespace npy
