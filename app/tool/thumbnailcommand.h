#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool thumbnail IN OUT SIZE`: the file manager's preview of IN, an 8-bit RGBA PNG of at most SIZE x SIZE
 * pixels written to OUT (through a QSaveFile): the colour picture of the largest member that is one (the first
 * frame of a stack, by pictureLayout()), else the heatmap of the first 2-D slice of the largest numeric member of
 * two or more axes (every element of each pixel's block reduced to its mean), else the line plot of the largest
 * 1-D numeric member (a min/max envelope per column). Bounded whatever the file: of a `.npy` or STORED member at
 * most a byte budget is read, the first frame when it fits, else rows spread evenly over it (loadRows(), a seek
 * each); of a compressed member only the leading box that fits a smaller budget (leadingBox(); decoded from its
 * start and never further), so a huge compressed picture shows its first rows. Needs no display (QtGui's raster
 * image only).
 *
 * Exit 0 with OUT written; 1 and no OUT when IN cannot be read, has a damaged member, or holds no numeric array
 * ("no preview"); 2 on usage errors (SIZE must be 1 to 4096).
 */
extern const ToolCommand kThumbnailCommand;

} // namespace npy
