#pragma once

#include "dtype.h"
#include "elements.h"
#include "npyarray.h"
#include "result.h"
#include "source.h"

#include <atomic>
#include <vector>

namespace npy {

/**
 * Where the samples of a 1-D series lie in an array's data bytes (file order): sample j is the
 * element of type `type` at byte `offset + j * stride`. seriesLayout() resolves one; the plot
 * builds one for a row or column of a slice.
 */
struct SeriesLayout
{
    DType type;
    qint64 offset = 0;
    qint64 stride = 0;
    qint64 count = 0;
    /** What the series is, for messages and titles: "", "column 2", "field 'x'", "field 'x', column 2". */
    QString label;
};

/**
 * The series of an array with header \a header: leaf \a field of a record array (an index into
 * leafColumns(), -1 for a plain array) and, for a 2-D array, column \a column (a[:, column], C or
 * Fortran order; -1 for none). A 0-d or 1-D array is its elements; an N-d array without a column
 * its elements flattened in C order (np.ravel), which only a C-ordered (or 1-D) array can stream.
 *
 * The samples must have a number: bool, integers, floats (float16 and long double included),
 * datetime64 and timedelta64 (their integer counts; NaT is a missing value, as NaN). Fails with a
 * message for complex dtypes ("complex ... : choose a real dtype"), strings, objects, a record
 * array without a field, a column out of range or given for an array that is not 2-D.
 */
[[nodiscard]] Result<SeriesLayout> seriesLayout(const NpyHeader &header, int field, qint64 column);

/**
 * One block of a series: samples [start, stop). first and last are its first and last samples
 * as they are (NaN when they are NaN: a line through them breaks there); min and max leave NaN
 * out (np.nanmin / np.nanmax) and are NaN when every sample is NaN (or the block is empty), and
 * minIndex / maxIndex are the series indexes of their first occurrences (np.nanargmin /
 * np.nanargmax), -1 then.
 *
 * Values are doubles: exact for every dtype but 64-bit integers beyond 2^53 (rounded to the
 * nearest double, as `float(x)` does) and long double.
 */
struct EnvelopeBin
{
    qint64 start = 0;
    qint64 stop = 0;
    double first = 0;
    double last = 0;
    double min = 0;
    double max = 0;
    qint64 minIndex = -1;
    qint64 maxIndex = -1;
};

/** The envelope of a series: its blocks, and the extremes of all of them (NaN, -1 when none). */
struct Envelope
{
    std::vector<EnvelopeBin> bins;
    /** The samples covered: [begin, end). */
    qint64 begin = 0;
    qint64 end = 0;
    double min = 0;
    double max = 0;
    qint64 minIndex = -1;
    qint64 maxIndex = -1;
    /** True when the pass was cancelled: the figures then cover only part of the series. */
    bool cancelled = false;
};

/** The most blocks one envelope may have (a bound on its memory: 56 bytes each). */
inline constexpr qint64 kMaxEnvelopeBins = qint64(1) << 22;

/**
 * Start of block \a i of \a bins over samples [\a begin, \a end): begin + floor(i * n / bins),
 * n = end - begin, in exact integer arithmetic (block \a bins starts at \a end). Blocks are empty
 * only when bins > n.
 */
[[nodiscard]] qint64 envelopeBinStart(qint64 begin, qint64 end, qint64 bins, qint64 i);

/**
 * The envelope of samples [\a begin, \a end) (clamped to the series) of \a series in \a array's
 * bytes, in \a bins blocks (1 to kMaxEnvelopeBins): one pass over the samples, on a few threads when
 * there are many, reading only the bytes of the range. On a read-only memory map the pages read are
 * given back as the pass moves on, so the resident memory stays bounded whatever the length.
 * Stops early when \a cancel turns true (the result says cancelled). Thread-safe: it only reads.
 */
[[nodiscard]] Envelope computeEnvelope(const NpyArray &array, const SeriesLayout &series, qint64 begin, qint64 end,
                                       qint64 bins, const std::atomic_bool *cancel = nullptr);

/**
 * A series in memory: sample j at `first + j * stride` (any stride, negative too), `count` samples of
 * `type`, complex ones read as `part`. `releasable` says that the bytes are a read-only file map whose
 * pages may be dropped once read (see releasePages()). A plot builds one for a row or column of a slice.
 */
struct SeriesMemory
{
    const uchar *first = nullptr;
    qint64 stride = 0;
    DType type;
    ComplexPart part = ComplexPart::Real;
    qint64 count = 0;
    bool releasable = false;
};

/** computeEnvelope() over a series in memory (complex samples allowed, read as its part). */
[[nodiscard]] Envelope computeEnvelope(const SeriesMemory &series, qint64 begin, qint64 end, qint64 bins,
                                       const std::atomic_bool *cancel = nullptr);

/**
 * An envelope of \a bins blocks (1 to kMaxEnvelopeBins) over [\a begin, \a end), laid out (start and stop
 * of every block) with no figures yet: for fillEnvelope().
 */
[[nodiscard]] Envelope envelopeLayout(qint64 begin, qint64 end, qint64 bins);

/**
 * Computes blocks [\a firstBin, \a lastBin) of \a out (laid out by envelopeLayout() over a range of
 * \a series) and folds them into its overall extremes: a pass that shows its progress computes the
 * blocks in a few groups, left to right, with figures equal to one computeEnvelope(). Returns false
 * (and sets out->cancelled) when \a cancel turned true.
 */
bool fillEnvelope(const SeriesMemory &series, qint64 firstBin, qint64 lastBin, Envelope *out,
                  const std::atomic_bool *cancel = nullptr);

/**
 * The envelope of the whole series \a series of member \a index of \a source, in \a bins blocks:
 * one streaming pass in bounded memory. A `.npy` file or a STORED member is read through a memory
 * map on a few threads, each giving its pages back as it moves on; a compressed member is
 * decoded once, piece by piece. Fails with a located message for unreadable or corrupt members,
 * and when cancelled through \a progress.
 */
[[nodiscard]] Result<Envelope> computeEnvelope(const Source &source, int index, const SeriesLayout &series,
                                               qint64 bins, const Progress &progress = {});

} // namespace npy
