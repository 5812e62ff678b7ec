#pragma once

#include "dtype.h"
#include "npyarray.h"
#include "recordfeed.h"
#include "result.h"
#include "source.h"

#include <QByteArray>
#include <QString>

namespace npy {

/**
 * Summary statistics of an array (or of one leaf field of a record array): the engine's one
 * definition, shared by `npy-tool stats`, the inspector panel, the table's colours and the
 * selection summary.
 *
 * Headline figures (min, max, mean, std) follow NumPy's nan* functions: NaN values are counted
 * and left out, ±Inf are included (one +Inf makes the mean infinite and the std NaN, as
 * np.nanmean / np.nanstd do; std is the population std, ddof 0). The finite* figures beside
 * them leave out ±Inf as well, so a view can show both without computing its own.
 *
 * Kinds: bool, integers and real floats are numeric. Datetimes and timedeltas are temporal:
 * NaT is counted in nanCount and timeMin/timeMax are the earliest and latest values as raw int64
 * counts of the dtype's unit (format them with formatValue); mean and std are not defined for them.
 * Other kinds (complex, strings, structs) only get a count.
 */
struct ArrayStats
{
    bool numeric = false;
    bool temporal = false;
    /** True when the computation was cancelled; the figures then cover only part of the array. */
    bool cancelled = false;
    qint64 count = 0;
    /** NaN values (NaT for datetimes and timedeltas). */
    qint64 nanCount = 0;
    /** +Inf and -Inf values together, and apart. */
    qint64 infCount = 0;
    qint64 posInfCount = 0;
    qint64 negInfCount = 0;
    /** NumPy's nan* figures (NaN when no value is left). */
    double min = 0;
    double max = 0;
    double mean = 0;
    double std = 0;
    /** The same over finite values only (NaN when none is finite). */
    qint64 finiteCount = 0;
    double finiteMin = 0;
    double finiteMax = 0;
    double finiteMean = 0;
    double finiteStd = 0;
    double finiteSum = 0;
    /**
     * True for an array of integers or bools read from its bytes (not addValues()) with at least
     * one value: then intMin/intMax (signed integers and bools) or uintMin/uintMax (unsigned) are
     * its exact extremes, which min/max as doubles cannot hold beyond 2^53.
     */
    bool exactIntegers = false;
    qint64 intMin = 0;
    qint64 intMax = 0;
    quint64 uintMin = 0;
    quint64 uintMax = 0;
    /** Earliest and latest non-NaT value of a temporal array (meaningful when valid() > 0). */
    qint64 timeMin = 0;
    qint64 timeMax = 0;
    /** Non-NaN values seen; min/max/mean/std are meaningful only when this is > 0. */
    [[nodiscard]] qint64 valid() const { return count - nanCount; }
};

/**
 * Accumulates statistics over the data bytes of an array fed in any number of pieces (a piece may
 * end inside an element), or over values fed one block at a time. Memory use is constant. Uses
 * blockwise two-pass sums merged with Chan's formula, so the std is accurate even for data with a
 * large mean. Elements are read through the engine's element readers (elements.h).
 */
class StatsAccumulator
{
public:
    /** Statistics of elements of \a type, packed one after the other. */
    explicit StatsAccumulator(const DType &type);
    /**
     * Statistics of the leaf of type \a leafType at byte \a leafOffset of records of \a recordSize
     * bytes (a field of a record array); add() takes whole records.
     */
    StatsAccumulator(const DType &leafType, qint64 leafOffset, qint64 recordSize);
    /** Adds the data bytes \a data[0 .. size). */
    void add(const uchar *data, qint64 size);
    /** Adds \a n values already decoded (a selection of cells, say); for numeric statistics. */
    void addValues(const double *values, qint64 n);
    [[nodiscard]] ArrayStats result() const;

private:
    void addRecords(const uchar *data, qint64 count);
    void mergeBlock(const double *values, qint64 n);

    DType mType;
    qint64 mLeafOffset = 0;
    qint64 mRecordSize = 0;
    ArrayStats mStats;
    double mM2 = 0;
    bool mIntegral = false; // integers or bools, read from their bytes
    RecordFeed mFeed;
};

/** Statistics of an array in memory or mapped (an edited member, say). Stops early when cancelled. */
[[nodiscard]] ArrayStats computeStats(const NpyArray &array, const Progress &progress = {});

/**
 * Statistics of leaf field \a leaf (an index into leafColumns()) of a record array; for plain
 * arrays, and for \a leaf -1 (a record array as a whole: a count only), of the elements.
 */
[[nodiscard]] ArrayStats computeStats(const NpyArray &array, int leaf, const Progress &progress);

/** Statistics of \a n values already decoded (a selection of cells, say), by the same rules. */
[[nodiscard]] ArrayStats computeStats(const double *values, qint64 n);

/** Statistics of member \a index of \a source, streamed with bounded memory. */
[[nodiscard]] Result<ArrayStats> computeStats(const Source &source, int index, const Progress &progress = {});

/**
 * Statistics of every leaf field of member \a index of \a source, in leafColumns() order (one entry, the
 * elements', for a plain array): one streamed pass in bounded memory, each piece read handed to every
 * field's accumulator. Fails as computeStats() does.
 */
[[nodiscard]] Result<QList<ArrayStats>> computeLeafStats(const Source &source, int index,
                                                         const Progress &progress = {});

/** One figure of ArrayStats as text: a key for scripts, a label for people, the value. */
struct StatsField
{
    QString key;   ///< `count`, `min`, ..., as `npy-tool stats` prints them (`key=value`)
    QString label; ///< translated, for the inspector panel
    QString value;
};

/**
 * The figures of \a stats in the order and form both `npy-tool stats` and the inspector panel
 * show them: count; for numeric arrays min, max, mean, std (NumPy's nan* rules), nan, inf (both
 * signs), +inf, -inf, then the finite-only finite_min, finite_max, finite_mean, finite_std (the
 * extremes of integer and bool arrays as exact integers, `3` and not `3.0`, as NumPy prints them;
 * bools as 0 and 1); for temporal arrays min and max as formatValue() writes them, and nat.
 * \a type is the array's (or the leaf's) dtype.
 */
[[nodiscard]] QList<StatsField> statsFields(const ArrayStats &stats, const DType &type);

/** A double as statsFields() writes it: NumPy's repr of a float64 (`0.1`, `nan`, `-inf`). */
[[nodiscard]] QString statsNumber(double value);

} // namespace npy
