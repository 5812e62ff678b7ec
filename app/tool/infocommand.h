#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool info FILE [--json | --names]`: one line for the file, then one per member with its dtype, shape,
 * order, format version, size in bytes, compression and stored size (a pickled member: what its
 * pickle holds, read as data). --json prints one object, `{"file", "format": "npy"|"npz",
 * "members": [{"name", "dtype", "shape", "fortran_order", "version", "nbytes", "array",
 * "compression", "compressed_size", ...}]}`, null where a figure does not apply. --names prints each member's
 * name (the key --member takes) alone on its line, for shell completion.
 *
 * Exit 0; 1 when the file cannot be opened or is cut short (after the listing, each truncated
 * member named on stderr); 2 on usage errors.
 */
extern const ToolCommand kInfoCommand;

} // namespace npy
