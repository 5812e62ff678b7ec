#pragma once

#include "npyarray.h"
#include "result.h"
#include "source.h"

#include <QByteArray>

namespace npy {

/**
 * Summary statistics of an array, with NumPy's nan* semantics: NaN values are counted and left
 * out; min, max, mean and std (population, ddof 0) are over the remaining values, ±Inf included
 * (so an Inf makes the mean infinite and the std NaN, as np.nanstd does).
 * Defined for bool, integer and real float dtypes; other dtypes only get a count.
 */
struct ArrayStats
{
    bool numeric = false;
    qint64 count = 0;
    qint64 nanCount = 0;
    qint64 infCount = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    double std = 0;
    /** Non-NaN values seen; min/max/mean/std are meaningful only when this is > 0. */
    [[nodiscard]] qint64 valid() const { return count - nanCount; }
};

/**
 * Accumulates statistics over the data bytes of an array fed in any number of pieces (a piece may
 * end inside an element). Memory use is constant. Uses blockwise two-pass sums merged with Chan's
 * formula, so the std is accurate even for data with a large mean.
 */
class StatsAccumulator
{
public:
    explicit StatsAccumulator(const DType &type);
    void add(const uchar *data, qint64 size);
    [[nodiscard]] ArrayStats result() const;

private:
    void addElements(const uchar *data, qint64 count);
    void mergeBlock(const double *values, qint64 n);

    DType mType;
    ArrayStats mStats;
    double mM2 = 0;
    qint64 mN = 0;
    QByteArray mCarry;
};

/** Statistics of an array in memory (an edited member, say). */
[[nodiscard]] ArrayStats computeStats(const NpyArray &array, const Progress &progress = {});

/** Statistics of member \a index of \a source, streamed with bounded memory. */
[[nodiscard]] Result<ArrayStats> computeStats(const Source &source, int index, const Progress &progress = {});

} // namespace npy
