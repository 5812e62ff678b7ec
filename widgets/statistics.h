#pragma once

#include "npyarray.h"
#include "source.h"

#include <QString>

namespace npyw {

/** Summary statistics of the numeric values of one array (or one leaf field of a record array). */
struct Stats
{
    qint64 count = 0;     ///< elements looked at
    qint64 finite = 0;    ///< of which finite
    qint64 nanCount = 0;
    qint64 posInf = 0;
    qint64 negInf = 0;
    double min = 0;
    double max = 0;
    double sum = 0;
    double mean = 0;
    double std = 0;
    bool numeric = false;
    bool cancelled = false;
};

/**
 * Statistics of \a array's elements of type \a type at byte \a leafOffset within each element
 * (the dtype itself and 0 for plain arrays). min/max/mean/std are over finite values; NaN and
 * ±Inf are counted. Runs on any thread; reports progress and stops when cancelled.
 */
[[nodiscard]] Stats computeStats(const npy::NpyArray &array, const npy::DType &type, qint64 leafOffset,
                                 const npy::Progress &progress = {});

/** Accumulates values one by one (selection statistics). */
class StatsAccumulator
{
public:
    void add(double v);
    [[nodiscard]] Stats result() const;

private:
    Stats mStats;
    double mM2 = 0;
};

} // namespace npyw
