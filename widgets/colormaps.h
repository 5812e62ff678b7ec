#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

#include <array>

namespace npyw {

/** The heatmap colormaps; their tables are matplotlib's (widgets/colormaptables.inc). */
enum class Colormap { Viridis, Magma, Inferno, Plasma, Cividis, Turbo, Gray, Coolwarm };

inline constexpr int kColormapCount = 8;
inline constexpr int kColormapSize = 256;

/** A 256-entry colour lookup table (opaque ARGB32 values). */
using ColorTable = std::array<QRgb, kColormapSize>;

/** The matplotlib name of \a map: "viridis", ..., "gray", "coolwarm". */
[[nodiscard]] QString colormapName(Colormap map);
/** Every colormap name, in enum order. */
[[nodiscard]] QStringList colormapNames();
/**
 * Parses a matplotlib colormap name (case-insensitive); a `_r` suffix sets \a reversed.
 * Returns false for unknown names; "grey" is accepted for gray.
 */
[[nodiscard]] bool colormapFromName(const QString &name, Colormap *map, bool *reversed = nullptr);

/** The 256 colours of \a map, in matplotlib's order; matplotlib's `name_r` table when \a reversed. */
[[nodiscard]] ColorTable colormapTable(Colormap map, bool reversed = false);

/** Colours of the values a colormap does not cover. */
struct SpecialColors
{
    QRgb nan = qRgb(255, 0, 255);
    QRgb posInf = qRgb(255, 255, 255);
    QRgb negInf = qRgb(0, 0, 0);
    /** Where the view shows no element (outside the array): transparent. */
    QRgb outside = qRgba(0, 0, 0, 0);
};

} // namespace npyw
