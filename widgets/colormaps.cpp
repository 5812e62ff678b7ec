#include "colormaps.h"

namespace npyw {

namespace {

#include "colormaptables.inc"

const unsigned char (*rawTable(Colormap map))[3]
{
    switch (map) {
    case Colormap::Viridis: return kViridisTable;
    case Colormap::Magma: return kMagmaTable;
    case Colormap::Inferno: return kInfernoTable;
    case Colormap::Plasma: return kPlasmaTable;
    case Colormap::Cividis: return kCividisTable;
    case Colormap::Turbo: return kTurboTable;
    case Colormap::Gray: return kGrayTable;
    case Colormap::Coolwarm: return kCoolwarmTable;
    }
    return kViridisTable;
}

} // namespace

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
    const unsigned char(*t)[3] = rawTable(map);
    ColorTable out;
    for (int i = 0; i < kColormapSize; ++i) {
        const int j = reversed ? kColormapSize - 1 - i : i;
        out[size_t(i)] = qRgb(t[j][0], t[j][1], t[j][2]);
    }
    return out;
}

} // namespace npyw
