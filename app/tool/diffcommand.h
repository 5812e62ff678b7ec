#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool diff A B [--member NAME | --member NAME_A:NAME_B]... [--rtol R] [--atol A] [--equal-nan]
 * [--count N] [--json] [-q]`: compares two `.npy`/`.npz` files (a `.npy` against one member, too)
 * with the comparison engine (core/analysis/compare.h: NumPy's isclose rule, exact by default).
 *
 * Text output: one line per member that is not the same (status, name, count of differing
 * elements, max |a-b| and its index), then up to N (--count, default 10) differing elements;
 * nothing when everything is the same. --json prints one object:
 * `{"equal": bool, "members": [{"name", "status", "dtype": [a, b], "shape": [a, b], "count", "total",
 * "max_abs": {"value", "index"}, "max_rel": {"value", "index"}, "nan_mismatch", "reason", "first":
 * [{"index", "a", "b"}]}]}` (null where a figure does not apply; an infinite value as "inf").
 * -q prints nothing.
 *
 * Exit 0 (kToolOk) when every member is the same, 1 (kToolDiffers) when something differs, 2
 * (kToolError) on errors (usage, a missing or unreadable file, a corrupt member), with one line
 * `npy-tool: reason` on stderr.
 */
extern const ToolCommand kDiffCommand;

} // namespace npy
