#include "heatmaprenderer.h"

#include <cstring>

namespace npyw {

void colorize(const std::vector<quint16> &indices, QSize size, const npy::ColorTable &table, const npy::SpecialColors &special,
              QImage *image)
{
    if (image->size() != size || image->format() != QImage::Format_ARGB32_Premultiplied)
        *image = QImage(size, QImage::Format_ARGB32_Premultiplied);
    if (image->isNull() || size.isEmpty())
        return;
    static_assert(sizeof(npy::Argb) == sizeof(QRgb));
    npy::colorize(indices, size, table, special, reinterpret_cast<npy::Argb *>(image->bits()),
                  image->bytesPerLine() / qint64(sizeof(QRgb)));
}

QImage toQImage(const npy::ArgbImage &image)
{
    QImage out(image.width, image.height, QImage::Format_ARGB32_Premultiplied);
    if (out.isNull())
        return out;
    for (int y = 0; y < image.height; ++y)
        std::memcpy(out.scanLine(y), image.row(y), size_t(image.width) * sizeof(QRgb));
    return out;
}

} // namespace npyw
