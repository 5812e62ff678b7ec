// Built only by the CTest test layer_probe, which expects it to fail: format (NPY) may not see codec, so the
// build must not find deflate.h for a target that links npy_format alone.
#include "deflate.h"
