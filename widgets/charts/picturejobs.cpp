#include "picturejobs.h"

#include <cmath>
#include <limits>

namespace npyw {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

npy::PictureRange spanOf(std::pair<double, double> mm)
{
    if (!std::isfinite(mm.first) || !std::isfinite(mm.second))
        return {0.0, 1.0};
    return {mm.first, mm.second > mm.first ? mm.second : mm.first + 1.0};
}

/**
 * Straight-alpha ARGB words as a premultiplied image: the pixels of \a valid opaque (alpha over a checkerboard of
 * 8-pixel squares with \a checker), the others transparent (no element under them).
 */
QImage toImage(const npy::ArgbImage &picture, const QRect &valid, bool checker)
{
    QImage image(picture.width, picture.height, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return image;
    image.fill(Qt::transparent);
    for (int y = valid.top(); y <= valid.bottom(); ++y) {
        QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const npy::Argb *in = picture.row(y);
        for (int x = valid.left(); x <= valid.right(); ++x) {
            const npy::Argb p = in[x];
            const int a = int(p >> 24);
            if (a == 255 || !checker) {
                line[x] = p | 0xff000000u;
                continue;
            }
            const int c = ((x >> 3) + (y >> 3)) & 1 ? 0xcc : 0x99;
            auto mix = [&](int v) { return (v * a + c * (255 - a) + 127) / 255; };
            line[x] = qRgb(mix(int((p >> 16) & 0xff)), mix(int((p >> 8) & 0xff)), mix(int(p & 0xff)));
        }
    }
    return image;
}

} // namespace

std::shared_ptr<PictureFrame> drawPicture(const PictureJob &job, const std::shared_ptr<std::atomic_bool> &cancel)
{
    auto result = std::make_shared<PictureFrame>();
    result->generation = job.generation;
    result->frame = job.frame;
    result->exact = job.options.exact;
    result->area = job.source;
    const npy::DType &type = job.array.dtype();
    std::pair<double, double> minMax = job.frameMinMax;
    const bool needFrame = job.choice == PictureRangeChoice::FrameMinMax
                           || (job.choice == PictureRangeChoice::StackMinMax && !job.haveStackMinMax)
                           || (job.choice == PictureRangeChoice::Auto && npy::pictureRangeNeedsValues(type));
    if (needFrame && !job.haveFrameMinMax) {
        if (!npy::pictureMinMax(job.array, job.layout, job.index, false, &minMax.first, &minMax.second, cancel.get()))
            return nullptr;
        result->computedMinMax = true;
        result->minMax = minMax;
    }
    npy::PictureOptions options = job.options;
    switch (job.choice) {
    case PictureRangeChoice::Auto:
        options.range = npy::defaultPictureRange(type, needFrame ? minMax.first : kNaN, needFrame ? minMax.second : kNaN);
        break;
    case PictureRangeChoice::FrameMinMax:
        options.range = spanOf(minMax);
        break;
    case PictureRangeChoice::StackMinMax:
        options.range = spanOf(job.haveStackMinMax ? job.stackMinMax : minMax);
        break;
    case PictureRangeChoice::Manual:
        options.range = job.manual;
        break;
    }
    result->range = options.range;
    npy::ArgbImage picture;
    if (!npy::renderPicture(job.array, job.layout, job.index, options, job.source, job.output, &picture,
                            &result->stats, cancel.get()))
        return nullptr;
    const bool alpha = job.layout.channels == 4 && options.alpha;
    result->image = toImage(picture, result->stats.valid, alpha);
    result->image.setDevicePixelRatio(job.dpr);
    return result;
}

QImage pictureImage(const npy::ArgbImage &picture, bool alpha)
{
    QImage image(picture.width, picture.height, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    if (image.isNull())
        return image;
    for (int y = 0; y < picture.height; ++y) {
        QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const npy::Argb *in = picture.row(y);
        for (int x = 0; x < picture.width; ++x)
            line[x] = alpha ? in[x] : (in[x] | 0xff000000u);
    }
    return image;
}

} // namespace npyw
