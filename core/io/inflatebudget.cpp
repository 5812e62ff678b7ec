#include "inflatebudget.h"

#include "allocatedstore.h"

#include <algorithm>
#include <atomic>

namespace npy {

namespace {

std::atomic<qint64> gInflateBudget{0};

} // namespace

qint64 inflateBudget()
{
    const qint64 set = gInflateBudget.load();
    if (set > 0)
        return set;
    const qint64 ram = physicalMemory();
    return ram > 0 ? ram / 4 : qint64(4) << 30;
}

void setInflateBudget(qint64 bytes)
{
    gInflateBudget = std::max<qint64>(bytes, 0);
}

} // namespace npy
