#pragma once

#include <QtGlobal>
#include <QString>
#include <QStringList>

#include <array>

namespace npy {

/** The heatmap colormaps; their tables are matplotlib's (core/render/colormaptables.inc). */
/** Twilight is cyclic (its ends meet): for angles, such as the phase of complex values. */
enum class Colormap { Viridis, Magma, Inferno, Plasma, Cividis, Turbo, Gray, Coolwarm, Twilight };

inline constexpr int kColormapCount = 9;
inline constexpr int kColormapSize = 256;

/** A colour as 0xAARRGGBB (the layout of Qt's QRgb), not premultiplied. */
using Argb = quint32;

/** The colour (\a r, \a g, \a b) with alpha \a a, as 0xAARRGGBB. */
constexpr Argb argb(int r, int g, int b, int a = 255)
{
    return (Argb(a & 0xff) << 24) | (Argb(r & 0xff) << 16) | (Argb(g & 0xff) << 8) | Argb(b & 0xff);
}

/** \a c with its colour channels multiplied by its alpha (QImage's ARGB32_Premultiplied). */
[[nodiscard]] Argb premultiplied(Argb c);

/** A 256-entry colour lookup table (opaque ARGB32 values). */
using ColorTable = std::array<Argb, kColormapSize>;

/** The matplotlib name of \a map: "viridis", ..., "gray", "coolwarm", "twilight". */
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
    Argb nan = argb(255, 0, 255);
    Argb posInf = argb(255, 255, 255);
    Argb negInf = argb(0, 0, 0);
    /** Where the view shows no element (outside the array): transparent. */
    Argb outside = argb(0, 0, 0, 0);
};

} // namespace npy
