#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool find FILE [--member NAME] [--field F] CONDITION [--limit N] [--count]`, CONDITION one
 * of `--eq V [--tol T]`, `--ne V`, `--lt V`, `--le V`, `--gt V`, `--ge V`, `--between LO:HI`,
 * `--nan`, `--inf`, `--nonfinite`, `--max`, `--min`. Prints each match's index as comma-separated
 * integers, one per line, in C order (np.argwhere's), at most N (default 1000, a note on \a err
 * when there were more); `--count` prints the number of matches; `--max` / `--min` the index
 * np.nanargmax / np.nanargmin give. Exit 0 (kToolOk) when something matched, 1 (kToolNoMatch)
 * when nothing did, 2 (kToolError) on usage errors and unreadable input (as grep).
 */
extern const ToolCommand kFindCommand;

} // namespace npy
