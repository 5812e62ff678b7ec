#pragma once

// The widgets' side of heatmap rendering: the engine's kernels (core/heatmap.h: sampling, ranges,
// colour mapping into ARGB words) under the names the views use, and the QImage wrappers that
// only a GUI needs. Nothing here reads elements or computes slice geometry.

#include "heatmap.h"
#include "slicespec.h"

#include <QImage>

namespace npyw {

using npy::CellRange;
using npy::SliceSpec;

using npy::Colormap;
using npy::ColorMapping;
using npy::ColorScale;
using npy::ColorTable;
using npy::ComplexPart;
using npy::HeatmapOptions;
using npy::RangeMode;
using npy::RangeOptions;
using npy::RangeStats;
using npy::Reduction;
using npy::SampledImage;
using npy::SampleRequest;
using npy::SliceAccess;
using npy::SpecialColors;

using npy::colorIndex;
using npy::colormapFromName;
using npy::colormapName;
using npy::colormapNames;
using npy::colormapTable;
using npy::colorScaleName;
using npy::complexPartName;
using npy::computeRange;
using npy::kColormapCount;
using npy::kColormapSize;
using npy::mapToIndices;
using npy::rangeModeName;
using npy::reductionName;
using npy::reduceSlice;
using npy::sampleSlice;
using npy::kIndexCount;
using npy::kIndexNaN;
using npy::kIndexNegInf;
using npy::kIndexOutside;
using npy::kIndexPosInf;

/**
 * npy::colorize() into \a image, an ARGB32_Premultiplied image reused when it already has the
 * right size and format (a null image when memory runs out).
 */
void colorize(const std::vector<quint16> &indices, QSize size, const ColorTable &table,
              const SpecialColors &special, QImage *image);

/** \a image as a QImage sharing nothing with it (ARGB32_Premultiplied; null when out of memory). */
[[nodiscard]] QImage toQImage(const npy::ArgbImage &image);

} // namespace npyw
