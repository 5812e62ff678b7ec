#pragma once

#include "dtype.h"
#include "npyarray.h"
#include "result.h"
#include "slicespec.h"
#include "source.h"

#include <QList>
#include <QString>

namespace npy {

/** What find looks for. */
enum class FindOp { Eq, Ne, Lt, Le, Gt, Ge, Between, NaN, Inf, NonFinite, Max, Min, StartsWith, Contains };

/**
 * A condition on one element's value (read as a double through the engine's element readers;
 * complex elements by their real part is not offered: find refuses complex dtypes).
 * Eq matches |x - value| <= tolerance; Between matches value <= x <= high; NaN never compares equal
 * or ordered (so Ne matches it, as NumPy's `!=` does); Inf matches ±Inf; NonFinite NaN or ±Inf.
 * Max and Min look for the first largest / smallest non-NaN element (np.nanargmax / nanargmin).
 */
struct FindCondition
{
    FindOp op = FindOp::Eq;
    double value = 0;
    double high = 0;
    double tolerance = 0;
    /**
     * A search of a text column (U or S dtype): Eq, Ne, StartsWith or Contains compare each string (trailing NULs
     * dropped, as NumPy drops them; S as Latin-1) with \a needle, case-sensitively, as NumPy's `==`,
     * `np.char.startswith` and `np.char.find(...) >= 0` do.
     */
    bool onText = false;
    QString needle;
    [[nodiscard]] bool matches(double x) const;
    /** The text test of a string (onText conditions). */
    [[nodiscard]] bool matchesText(const QString &s) const;
    /** "> 7", "NaN", "between 1 and 2": for messages and the find bar. */
    [[nodiscard]] QString text() const;
};

/** Where to look and how much to keep. */
struct FindOptions
{
    /** Leaf field of a record array (index into leafColumns()); -1 for plain arrays. */
    int field = -1;
    /** Matches kept. */
    qint64 limit = 1000;
    /** Only count. */
    bool countOnly = false;
    /**
     * Keep counting past `limit`, so that the count is every match (the whole member is read). Without
     * it a search in C order stops at the first match past `limit`: the count is then `limit` + 1 and
     * means "more than `limit`".
     */
    bool countAll = false;
};

/** The matches, their indexes in C order (the order of np.argwhere). */
struct FindResult
{
    /** The matches counted: all of them, unless `truncated` without FindOptions::countAll (see there). */
    qint64 count = 0;
    /** Flat C-order indexes of the first `limit` matches, ascending. */
    QList<qint64> matches;
    /** True when more than `limit` matched. */
    bool truncated = false;
    /** Max / Min: whether a non-NaN element exists, its flat C-order index and value. */
    bool found = false;
    qint64 extremeIndex = -1;
    double extremeValue = 0;
    bool cancelled = false;
};

/**
 * Checks that \a type (the array's dtype, or the leaf chosen by \a field) can be searched:
 * bool, integers, real floats, datetimes and timedeltas (by their count; NaT as NaN), and text (U and S, by
 * onText conditions only). Returns
 * the leaf's type and offset, or fails with a message.
 */
[[nodiscard]] Result<LeafColumn> findLeaf(const DType &type, int field);

/**
 * Reads \a text as a value to compare elements of \a type with, when \a type (a leaf from findLeaf())
 * is a datetime64 or timedelta64: NumPy's text of a value in that unit ("2005-01-03",
 * "2005-01-03T12:00", "NaT", what formatValue() writes) as its count in the dtype's unit, NaT as
 * NaN (what the search reads). False for any other type or text; plain numbers are the caller's.
 */
[[nodiscard]] bool parseFindDateTime(const DType &type, const QString &text, double *count);

/**
 * Reads a short condition as a user types it: a number (equal to it), `= X`, `!= X` or `≠ X`, `< X`, `<= X`,
 * `> X`, `>= X`, or `LO..HI` (between, inclusive). False for anything else.
 */
bool parseShortCondition(const QString &text, FindCondition *condition);

/**
 * Searches member \a index of \a source, streamed with bounded memory (memory-mapped files and
 * inflating archive members alike): every element is looked at once, in file order. Matches of a
 * Fortran-ordered array are reported in C order (kept all until the end, then sorted: memory
 * grows with the match count of such arrays only).
 */
[[nodiscard]] Result<FindResult> find(const Source &source, int index, const FindCondition &condition,
                                      const FindOptions &options = {}, const Progress &progress = {});

/** The same over an array in memory or mapped (an edited member). */
[[nodiscard]] Result<FindResult> find(const NpyArray &array, const FindCondition &condition,
                                      const FindOptions &options = {}, const Progress &progress = {});

} // namespace npy
