#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool print FILE [--member NAME] [--slice SPEC]`: prints the selected elements as NumPy's
 * str() of each, a row of the last axis per line, tab-separated (one element per line for 0-d and
 * 1-D results). SPEC is NumPy basic indexing, one entry per axis (missing ones mean `:`): an index
 * (negative from the end), `:` or `start:stop[:step]`. The member is streamed once; only the
 * selection is held. Exit 0, 1 on invalid input, 2 on usage errors (an archive of several arrays
 * without --member among them).
 */
extern const ToolCommand kPrintCommand;

} // namespace npy
