#include "colormaps.h"

namespace npy {

namespace {

#include "colormaptables.inc"

const unsigned char (*rawTable(Colormap map, bool reversed))[3]
{
    switch (map) {
    case Colormap::Viridis: return reversed ? kViridisReversedTable : kViridisTable;
    case Colormap::Magma: return reversed ? kMagmaReversedTable : kMagmaTable;
    case Colormap::Inferno: return reversed ? kInfernoReversedTable : kInfernoTable;
    case Colormap::Plasma: return reversed ? kPlasmaReversedTable : kPlasmaTable;
    case Colormap::Cividis: return reversed ? kCividisReversedTable : kCividisTable;
    case Colormap::Turbo: return reversed ? kTurboReversedTable : kTurboTable;
    case Colormap::Gray: return reversed ? kGrayReversedTable : kGrayTable;
    case Colormap::Coolwarm: return reversed ? kCoolwarmReversedTable : kCoolwarmTable;
    case Colormap::Twilight: return reversed ? kTwilightReversedTable : kTwilightTable;
    }
    return kViridisTable;
}

} // namespace

Argb premultiplied(Argb c)
{
    const quint32 a = c >> 24;
    if (a == 255)
        return c;
    auto mul = [a](quint32 v) { return (v * a + 127) / 255; };
    return (a << 24) | (mul((c >> 16) & 0xff) << 16) | (mul((c >> 8) & 0xff) << 8) | mul(c & 0xff);
}

QString colormapName(Colormap map)
{
    switch (map) {
    case Colormap::Viridis: return QStringLiteral("viridis");
    case Colormap::Magma: return QStringLiteral("magma");
    case Colormap::Inferno: return QStringLiteral("inferno");
    case Colormap::Plasma: return QStringLiteral("plasma");
    case Colormap::Cividis: return QStringLiteral("cividis");
    case Colormap::Turbo: return QStringLiteral("turbo");
    case Colormap::Gray: return QStringLiteral("gray");
    case Colormap::Coolwarm: return QStringLiteral("coolwarm");
    case Colormap::Twilight: return QStringLiteral("twilight");
    }
    return QString();
}

QStringList colormapNames()
{
    QStringList names;
    for (int i = 0; i < kColormapCount; ++i)
        names << colormapName(Colormap(i));
    return names;
}

bool colormapFromName(const QString &name, Colormap *map, bool *reversed)
{
    QString n = name.trimmed().toLower();
    bool rev = false;
    if (n.endsWith(QLatin1String("_r"))) {
        rev = true;
        n.chop(2);
    }
    if (n == QLatin1String("grey"))
        n = QStringLiteral("gray");
    for (int i = 0; i < kColormapCount; ++i) {
        if (colormapName(Colormap(i)) == n) {
            if (map)
                *map = Colormap(i);
            if (reversed)
                *reversed = rev;
            return true;
        }
    }
    return false;
}

ColorTable colormapTable(Colormap map, bool reversed)
{
    // matplotlib's own `_r` tables: for interpolated maps (gray, coolwarm) they differ from the
    // mirror image of the forward table by one unit here and there.
    const unsigned char(*t)[3] = rawTable(map, reversed);
    ColorTable out;
    for (int i = 0; i < kColormapSize; ++i)
        out[size_t(i)] = argb(t[i][0], t[i][1], t[i][2]);
    return out;
}

} // namespace npy
