#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool density FILE --x X --y Y --bins WxH [--range X0:X1,Y0:Y1] --out COUNTS.npy`: the points
 * (x[i], y[i]) of two series of one length (X and Y name a member, `MEMBER:COLUMN` or `MEMBER.FIELD`)
 * counted into W x H bins (core/analysis/density.h), written as an int64 (W, H) `.npy` through a
 * save file: np.histogram2d(x, y, bins=(W, H), range=...)[0]. Without --range, the extremes of the
 * values that are not NaN. Points with a NaN and points outside the range are left out; their
 * counts go to stderr.
 *
 * Exit 0; 1 on invalid or unsupported input or an output that cannot be written; 2 on usage errors.
 */
extern const ToolCommand kDensityCommand;

} // namespace npy
