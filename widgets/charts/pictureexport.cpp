#include "pictureview.h"

#include "picturejobs.h"
#include "pngfile.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>

#include <cmath>

namespace npyw {

QImage PictureView::frameImage(QString *error) const
{
    if (mArray.isNull()) {
        if (error)
            *error = tr("nothing to export");
        return QImage();
    }
    const qint64 rows = mArray.shape()[mLayout.rowAxis], cols = mArray.shape()[mLayout.colAxis];
    QSize size(int(qMin<qint64>(cols, 1 << 30)), int(qMin<qint64>(rows, 1 << 30)));
    constexpr qint64 kMaxPixels = qint64(1) << 24;
    if (rows * cols > kMaxPixels) {
        const double f = std::sqrt(double(kMaxPixels) / double(rows * cols));
        size = QSize(qMax(1, int(double(cols) * f)), qMax(1, int(double(rows) * f)));
    }
    npy::PictureOptions options = mOptions;
    options.exact = true;
    options.range = mShownRange;
    npy::ArgbImage picture;
    if (!npy::renderPicture(mArray, mLayout, mIndex, options, QRectF(), size, &picture)) {
        if (error)
            *error = tr("the picture could not be drawn");
        return QImage();
    }
    return pictureImage(picture, mLayout.channels == 4 && options.alpha);
}

QString PictureView::exportPngTo(const QString &path, QString *error)
{
    QString target = path;
    if (QFileInfo(target).suffix().isEmpty())
        target += QStringLiteral(".png");
    QString why;
    const QImage image = frameImage(&why);
    const bool ok = !image.isNull() && savePng(image, target, &why);
    const QString message = ok ? tr("Saved frame %1 (%2 × %3 pixels) to %4.")
                                     .arg(mFrame)
                                     .arg(image.width())
                                     .arg(image.height())
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

void PictureView::exportPng()
{
    const QString stem = (mExportName.isEmpty() ? QStringLiteral("picture") : mExportName)
                         + (mLayout.isStack() ? QStringLiteral("_frame%1").arg(mFrame) : QString());
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Picture as PNG"), stem + QStringLiteral(".png"),
                                                      tr("PNG image (*.png)"));
    if (!path.isEmpty())
        exportPngTo(path);
}

} // namespace npyw
