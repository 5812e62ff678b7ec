#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool recover IN.npz OUT.npz`: copies every member of a damaged archive that can still be
 * read (a truncated download whose central directory is gone, say: the members are found by
 * scanning their local headers) into a new archive written through QSaveFile.
 *
 * A member is recovered when its bytes are all there and their CRC-32 matches; it is copied raw
 * (same name, same encoding, nothing recompressed). Each lost member is named on \a err with
 * why on stderr; stdout gets one line per recovered member and a summary.
 *
 * Exit 0 when at least one member was recovered and written, 1 when none could be (or the input
 * is no archive, or the output cannot be written), 2 on a usage error.
 */
extern const ToolCommand kRecoverCommand;

} // namespace npy
