#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool convert IN OUT [--compress [--level fast|default|best] | --store] [--member NAME]...`:
 * .npy <-> .npz, the output format following OUT's extension. An .npz keeps every member (non-arrays
 * and pickled ones byte for byte; unchanged members copied, not recompressed, unless --level asks
 * for fast or best); a .npy takes exactly one array (--member picks it from an archive) and is the
 * bytes np.save writes. OUT is written through a safe save.
 *
 * Exit 0; 1 on invalid input or when OUT cannot be written; 2 on usage errors (IN and OUT the same
 * file among them).
 */
extern const ToolCommand kConvertCommand;

} // namespace npy
