#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool render IN [--member NAME] --png OUT [--colormap NAME] [--range minmax|p1-99|p0.1-99.9|sym|LO:HI]
 * [--scale linear|log|sqrt] [--slice SPEC] [--size WxH --reduce mean|max|min|absmax|stride]`: draws
 * a 2-D array or slice with the heatmap renderer, one pixel per element (or, with --size, each
 * pixel the reduction of its block), row 0 at the top. Exit 0 on success, 1 on invalid input (one
 * line `npy-tool: FILE: reason` on stderr), 2 on usage errors.
 *
 * SPEC is NumPy-style: one comma-separated entry per axis, each an integer index (negative counts
 * from the end) or `:`. The first `:` axis runs down the rows, the second across the columns
 * (`3,:,:` draws frame 3 of a stack; `:,0,:` rows along axis 0, columns along axis 2); a single
 * `:` draws one column. Without --slice: 2-D as is, N-d the last two axes at index 0 elsewhere.
 */
extern const ToolCommand kRenderCommand;

} // namespace npy
