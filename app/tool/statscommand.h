#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool stats FILE [--member NAME]...`: one line per array member (every one without
 * --member), `NAME: key=value ...`, the figures of the statistics engine (core/analysis/stats.h: min, max,
 * mean, std, NaN and Inf counts and their finite-only twins) in one streaming pass.
 *
 * Exit 0; 1 on invalid input, a member that is not an array or cannot be read; 2 on usage errors.
 */
extern const ToolCommand kStatsCommand;

} // namespace npy
