// HeatmapView's pictures: the screen view or the data resolution as PNG (a suggested name, a status-bar
// confirmation), and the screen view copied to the clipboard.
#include "heatmapview.h"

#include "colorbar.h"
#include "heatmapcanvas.h"
#include "pngfile.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QMainWindow>
#include <QPainter>
#include <QStatusBar>

#include <algorithm>
#include <cmath>

namespace npyw {

QImage HeatmapView::dataImage(QString *error) const
{
    const qint64 rows = mAccess.rows();
    const qint64 cols = mAccess.cols();
    if (mArray.isNull() || rows <= 0 || cols <= 0 || !mError.isEmpty()) {
        if (error)
            *error = mError.isEmpty() ? tr("nothing to export") : mError;
        return QImage();
    }
    constexpr qint64 kMaxSide = 32767; // QImage's limit
    double f = 1.0;
    if (rows * cols > kMaxDataPixels)
        f = std::sqrt(double(kMaxDataPixels) / (double(rows) * double(cols)));
    f = std::min({f, double(kMaxSide) / double(rows), double(kMaxSide) / double(cols)});
    const QSize size(int(std::max<qint64>(1, qint64(double(cols) * f))),
                     int(std::max<qint64>(1, qint64(double(rows) * f))));
    npy::HeatmapOptions o;
    o.colormap = mColormap;
    o.reversed = mReversed;
    o.range = mRange;
    o.complexPart = mPart;
    o.reduction = mReduction;
    o.exact = true;
    o.colors = mColors;
    npy::RangeStats stats;
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    auto rendered = npy::renderHeatmap(mArray, mSpec, o, QRectF(), f < 1.0 ? size : QSize(), &stats);
    QGuiApplication::restoreOverrideCursor();
    if (!rendered) {
        if (error)
            *error = rendered.error();
        return QImage();
    }
    const npy::ArgbImage &pic = rendered.value();
    const QImage drawn(reinterpret_cast<const uchar *>(pic.pixels.data()), pic.width, pic.height,
                       qsizetype(pic.width) * 4, QImage::Format_ARGB32_Premultiplied);
    // As on screen: with the origin at the bottom, row 0 is the picture's last line.
    const QImage picture = isOriginAtBottom() ? drawn.mirrored() : drawn;
    ColorBarModel bar = mColorBar->model();
    bar.stats = stats;
    bar.valid = true;
    const int barW = ColorBar::kWidth;
    const int height = std::max(pic.height, 160);
    QImage out(pic.width + barW, height, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::white);
    QPainter p(&out);
    p.drawImage(0, 0, picture);
    paintColorBar(p, QRect(pic.width, 0, barW, height), bar, Qt::black);
    p.end();
    return out;
}

QString HeatmapView::exportPngTo(const QString &path, bool dataResolution, QString *error)
{
    QString target = path;
    if (QFileInfo(target).suffix().isEmpty())
        target += QStringLiteral(".png");
    QString why;
    const QImage img = dataResolution ? dataImage(&why) : exportImage();
    if (img.isNull() && why.isEmpty())
        why = tr("nothing to export");
    const bool ok = !img.isNull() && savePng(img, target, &why);
    const QString message = ok ? tr("Saved the heatmap (%1 × %2 pixels) to %3.")
                                     .arg(img.width())
                                     .arg(img.height())
                                     .arg(QDir::toNativeSeparators(target))
                               : tr("Could not save %1: %2").arg(QDir::toNativeSeparators(target), why);
    if (auto *main = qobject_cast<QMainWindow *>(window()))
        main->statusBar()->showMessage(message, ok ? 8000 : 0);
    mStatus->setText(message);
    if (!ok) {
        if (error)
            *error = why;
        return QString();
    }
    return target;
}

void HeatmapView::exportPng()
{
    const QString screen = tr("PNG image, as on screen (*.png)");
    const QString full = tr("PNG image, data resolution (*.png)");
    QString selected = screen;
    const QString stem = mExportName.isEmpty() ? QStringLiteral("heatmap") : mExportName;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Heatmap as PNG"), stem + QStringLiteral(".png"),
                                                      screen + QStringLiteral(";;") + full, &selected);
    if (path.isEmpty())
        return;
    exportPngTo(path, selected == full);
}

QImage HeatmapView::exportImage() const
{
    const QImage image = isOriginAtBottom() ? mCanvas->picture().mirrored() : mCanvas->picture();
    if (image.isNull())
        return QImage();
    const QSize pic = (QSizeF(image.size()) / mImageDpr).toSize();
    // Only the part of the picture that shows the slice.
    const QRectF whole = mTransform.sliceToCanvas(QRectF(0, 0, double(mAccess.cols()), double(mAccess.rows())));
    const QRectF imageRect = mTransform.sliceToCanvas(mCanvas->pictureArea());
    const QRect crop = whole.intersected(imageRect).toAlignedRect().intersected(QRect(QPoint(0, 0), pic));
    const int barW = ColorBar::kWidth;
    const int height = std::max(crop.height(), 160);
    QImage out(crop.width() + barW, height, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::white);
    QPainter p(&out);
    p.drawImage(QRectF(0, 0, crop.width(), crop.height()), image,
                QRectF(crop.x() * mImageDpr, crop.y() * mImageDpr, crop.width() * mImageDpr, crop.height() * mImageDpr));
    paintColorBar(p, QRect(crop.width(), 0, barW, height), mColorBar->model(), Qt::black);
    p.end();
    return out;
}

bool HeatmapView::saveImage(const QString &path, QString *error) const
{
    const QImage img = exportImage();
    if (img.isNull()) {
        if (error)
            *error = tr("nothing to export");
        return false;
    }
    QString why;
    if (!savePng(img, path, &why)) {
        if (error)
            *error = why;
        return false;
    }
    return true;
}

void HeatmapView::copyImageToClipboard() const
{
    const QImage img = exportImage();
    if (!img.isNull())
        QApplication::clipboard()->setImage(img);
}

} // namespace npyw
