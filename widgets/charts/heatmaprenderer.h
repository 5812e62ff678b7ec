#pragma once

// The widgets' side of heatmap rendering: the QImage wrappers over the engine's kernels (core's
// render/heatmap.h: sampling, ranges, colour mapping into ARGB words) that only a GUI needs. Nothing
// here reads elements or computes slice geometry; views include the core headers they use.

#include "colormaps.h"
#include "heatmap.h"

#include <QImage>

namespace npyw {

/**
 * npy::colorize() into \a image, an ARGB32_Premultiplied image reused when it already has the
 * right size and format (a null image when memory runs out).
 */
void colorize(const std::vector<quint16> &indices, QSize size, const npy::ColorTable &table,
              const npy::SpecialColors &special, QImage *image);

/** \a image as a QImage sharing nothing with it (ARGB32_Premultiplied; null when out of memory). */
[[nodiscard]] QImage toQImage(const npy::ArgbImage &image);

} // namespace npyw
