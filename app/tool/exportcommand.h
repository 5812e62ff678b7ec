#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool export IN (--all | --member NAME...) --outdir DIR`: one NAME.npy per member, never
 * outside DIR (the arrays inside a pickled member as NAME/PATH.npy), each path written printed.
 * `npy-tool export IN [--member NAME] --csv OUT.csv`: one 1-D or 2-D array (N-d: rows x last axis)
 * as CSV; an archive needs --member.
 *
 * Exit 0; 1 on invalid input or a file that cannot be written; 2 on usage errors.
 */
extern const ToolCommand kExportCommand;

} // namespace npy
