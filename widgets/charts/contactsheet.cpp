#include "contactsheet.h"

#include "jobpool.h"
#include "picturejobs.h"
#include "pngfile.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeyEvent>
#include <QMainWindow>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <limits>

namespace npyw {

namespace {

constexpr int kGap = 6;
/** Tiles near the screen kept drawn, beyond which the oldest go. */
constexpr int kMaxTiles = 4000;

} // namespace

ContactSheet::ContactSheet(QWidget *parent) : QAbstractScrollArea(parent)
{
    setObjectName(QStringLiteral("contactSheet"));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    mWatcher = new DeliveryWatcher<QHash<qint64, QImage>>(this);
    connect(mWatcher, &QFutureWatcherBase::finished, this, &ContactSheet::tilesDone);
    verticalScrollBar()->setSingleStep(20);
    clear(tr("A stack of frames is shown here as a contact sheet."));
}

ContactSheet::~ContactSheet()
{
    if (mCancel)
        mCancel->store(true);
    mWatcher->waitForFinished();
}

void ContactSheet::setStack(const npy::NpyArray &array, const npy::PictureLayout &layout, const QList<qint64> &index,
                            quint64 version, const SheetStyle &style, std::function<QString(qint64)> label)
{
    const bool newShape = mArray.isNull() || mArray.shape() != array.shape() || !(mLayout == layout);
    mArray = array;
    mLayout = layout;
    mIndex = index;
    mVersion = version;
    mStyle = style;
    mLabel = std::move(label);
    mMessage.clear();
    if (newShape)
        mScaleChosen = false;
    ++mTileKey;
    mTiles.clear();
    relayout();
}

void ContactSheet::clear(const QString &message)
{
    mArray = npy::NpyArray();
    mLayout = npy::PictureLayout();
    mMessage = message;
    ++mTileKey;
    mTiles.clear();
    if (mCancel)
        mCancel->store(true);
    verticalScrollBar()->setRange(0, 0);
    viewport()->update();
}

int ContactSheet::cellWidth() const
{
    return mTile.width() + kGap;
}

int ContactSheet::cellHeight() const
{
    return mTile.height() + fontMetrics().height() + kGap + 2;
}

void ContactSheet::relayout()
{
    if (mArray.isNull() || mLayout.rowAxis < 0) {
        viewport()->update();
        return;
    }
    const qint64 h = mArray.shape()[mLayout.rowAxis], w = mArray.shape()[mLayout.colAxis];
    const QSize view = viewport()->size();
    if (!mScaleChosen && !view.isEmpty()) {
        // The largest scale (whole pixels per element when the frames are small) that still shows about a hundred
        // frames, never a tile over 256 pixels.
        const qint64 want = qMin<qint64>(100, mLayout.frames);
        const double side = double(qMax(h, w));
        auto shown = [&](double scale) {
            const int tw = qMax(1, int(double(w) * scale)), th = qMax(1, int(double(h) * scale));
            const qint64 cols = qMax(1, (view.width() - kGap) / (tw + kGap));
            const qint64 rows = qMax(1, view.height() / (th + fontMetrics().height() + kGap + 2));
            return cols * rows;
        };
        double scale = 256.0 / side;
        if (scale > 1.0)
            scale = std::floor(scale);
        while (shown(scale) < want) {
            const double next = scale > 1.0 ? scale - 1.0 : scale * 0.8;
            if (side * next < 48.0)
                break;
            scale = next;
        }
        mScale = scale;
        mScaleChosen = true;
    }
    mTile = QSize(qMax(1, int(std::lround(double(w) * mScale))), qMax(1, int(std::lround(double(h) * mScale))));
    mColumns = qMax(1, (view.width() - kGap) / cellWidth());
    const qint64 rows = (mLayout.frames + mColumns - 1) / mColumns;
    const qint64 total = rows * cellHeight() + kGap;
    verticalScrollBar()->setPageStep(view.height());
    verticalScrollBar()->setRange(0, int(qMin<qint64>(std::numeric_limits<int>::max(), qMax<qint64>(0, total - view.height()))));
    ++mTileKey;
    mTiles.clear();
    requestTiles();
    viewport()->update();
}

QRect ContactSheet::tileRect(qint64 frame) const
{
    const qint64 row = frame / mColumns, col = frame % mColumns;
    const qint64 y = row * cellHeight() + kGap - verticalScrollBar()->value();
    return QRect(int(col * cellWidth() + kGap), int(y), mTile.width(), mTile.height());
}

qint64 ContactSheet::firstVisibleFrame() const
{
    if (mArray.isNull())
        return 0;
    return qint64(verticalScrollBar()->value() / cellHeight()) * mColumns;
}

qint64 ContactSheet::visibleFrames() const
{
    if (mArray.isNull())
        return 0;
    const qint64 rows = (viewport()->height() + cellHeight() - 1) / cellHeight() + 1;
    return qMin(rows * mColumns, mLayout.frames - firstVisibleFrame());
}

bool ContactSheet::isComplete() const
{
    const qint64 first = firstVisibleFrame();
    for (qint64 f = first; f < first + visibleFrames(); ++f) {
        if (!mTiles.contains(f))
            return false;
    }
    return !mArray.isNull();
}

qint64 ContactSheet::frameAt(QPoint pos) const
{
    if (mArray.isNull())
        return -1;
    const qint64 first = firstVisibleFrame();
    for (qint64 f = first; f < first + visibleFrames(); ++f) {
        if (tileRect(f).adjusted(0, 0, 0, fontMetrics().height() + 2).contains(pos))
            return f;
    }
    return -1;
}

bool ContactSheet::drawFrame(const npy::NpyArray &array, const npy::PictureLayout &layout, const QList<qint64> &index,
                             const SheetStyle &style, QSize size, npy::ArgbImage *out, const std::atomic_bool *cancel)
{
    if (layout.isColor()) {
        npy::PictureOptions options = style.picture;
        options.exact = true;
        if (!style.manualPictureRange && !npy::automaticPictureRange(array, layout, index, &options.range, cancel))
            return false;
        return npy::renderPicture(array, layout, index, options, QRectF(), size, out, nullptr, cancel);
    }
    npy::SliceSpec spec;
    spec.rowAxis = layout.rowAxis;
    spec.colAxis = layout.colAxis;
    spec.index = index;
    npy::HeatmapOptions options = style.heatmap;
    options.exact = !size.isEmpty();
    options.reduction = npy::Reduction::Mean;
    auto image = npy::renderHeatmap(array, spec, options, QRectF(), size);
    if (!image)
        return false;
    *out = std::move(image.value());
    return true;
}

void ContactSheet::requestTiles()
{
    if (mArray.isNull() || mTile.isEmpty())
        return;
    if (mWatcher->isBusy()) {
        mPending = true;
        return;
    }
    mPending = false;
    QList<qint64> missing;
    const qint64 first = firstVisibleFrame();
    for (qint64 f = first; f < first + visibleFrames(); ++f) {
        if (!mTiles.contains(f))
            missing.append(f);
    }
    if (missing.isEmpty())
        return;
    if (mTiles.size() + missing.size() > kMaxTiles)
        mTiles.clear();
    mCancel = std::make_shared<std::atomic_bool>(false);
    const auto cancel = mCancel;
    const npy::NpyArray array = mArray;
    const npy::PictureLayout layout = mLayout;
    const QList<qint64> index = mIndex;
    const SheetStyle style = mStyle;
    const QSize tile = mTile;
    const qint64 h = array.shape()[layout.rowAxis], w = array.shape()[layout.colAxis];
    // Enlarged tiles are drawn at data resolution and scaled up (nearest); smaller ones are block means.
    const bool enlarge = tile.width() >= w && tile.height() >= h;
    const quint64 key = mTileKey;
    mWatcher->setProperty("key", key);
    mWatcher->watch(QtConcurrent::run(jobPool(), [=]() {
        QHash<qint64, QImage> drawn;
        for (qint64 f : missing) {
            if (cancel->load())
                break;
            npy::ArgbImage picture;
            if (!drawFrame(array, layout, npy::indexOfFrame(layout, array.shape(), f, index), style,
                           enlarge ? QSize() : tile, &picture, cancel.get()))
                continue;
            QImage image = pictureImage(picture, layout.isColor() && layout.channels == 4 && style.picture.alpha);
            if (enlarge && image.size() != tile)
                image = image.scaled(tile, Qt::IgnoreAspectRatio, Qt::FastTransformation);
            drawn.insert(f, image);
        }
        return drawn;
    }));
}

void ContactSheet::tilesDone()
{
    if (mWatcher->property("key").toULongLong() == mTileKey) {
        const QHash<qint64, QImage> drawn = mWatcher->result();
        for (auto it = drawn.cbegin(); it != drawn.cend(); ++it)
            mTiles.insert(it.key(), it.value());
        viewport()->update();
    }
    requestTiles();
}

void ContactSheet::setCurrentFrame(qint64 frame)
{
    mCurrent = frame;
    if (!mArray.isNull() && frame >= 0) {
        const QRect r = tileRect(frame);
        if (r.top() < 0 || r.bottom() > viewport()->height())
            verticalScrollBar()->setValue(int(qMin<qint64>(std::numeric_limits<int>::max(), (frame / mColumns) * cellHeight())));
    }
    viewport()->update();
}

void ContactSheet::zoom(int steps)
{
    if (mArray.isNull())
        return;
    const qint64 first = firstVisibleFrame();
    mScale = qBound(0.02, mScale * std::pow(1.25, steps), 32.0);
    if (mScale > 1.0)
        mScale = std::round(mScale);
    mScaleChosen = true;
    relayout();
    verticalScrollBar()->setValue(int(qMin<qint64>(std::numeric_limits<int>::max(), (first / mColumns) * cellHeight())));
}

void ContactSheet::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    if (mArray.isNull()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(viewport()->rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, mMessage);
        return;
    }
    const qint64 first = firstVisibleFrame();
    const QColor pending = palette().color(QPalette::Window).darker(110);
    for (qint64 f = first; f < first + visibleFrames(); ++f) {
        const QRect r = tileRect(f);
        const auto it = mTiles.constFind(f);
        if (it != mTiles.cend())
            p.drawImage(r.topLeft(), *it);
        else
            p.fillRect(r, pending);
        if (f == mCurrent) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 3));
            p.drawRect(r.adjusted(-2, -2, 1, 1));
        }
        const QString label = mLabel ? mLabel(f) : QString();
        const QString caption = label.isEmpty() ? QString::number(f) : QStringLiteral("%1 · %2").arg(f).arg(label);
        p.setPen(palette().color(QPalette::Text));
        const QRect text(r.left(), r.bottom() + 2, qMax(r.width(), cellWidth() - kGap), fontMetrics().height());
        p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, fontMetrics().elidedText(caption, Qt::ElideRight, text.width()));
    }
}

void ContactSheet::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void ContactSheet::scrollContentsBy(int, int)
{
    requestTiles();
    viewport()->update();
}

void ContactSheet::mousePressEvent(QMouseEvent *event)
{
    const qint64 f = frameAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && f >= 0) {
        mCurrent = f;
        viewport()->update();
        emit frameActivated(f);
        return;
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void ContactSheet::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        zoom(event->angleDelta().y() > 0 ? 1 : -1);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void ContactSheet::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal)
        return zoom(1);
    if (event->key() == Qt::Key_Minus)
        return zoom(-1);
    QAbstractScrollArea::keyPressEvent(event);
}

QImage ContactSheet::sheetImage(QString *error) const
{
    if (mArray.isNull()) {
        if (error)
            *error = tr("nothing to export");
        return QImage();
    }
    const qint64 first = firstVisibleFrame();
    const int rows = int(qMax<qint64>(1, (visibleFrames() + mColumns - 1) / mColumns));
    const npy::NpyArray array = mArray;
    const npy::PictureLayout layout = mLayout;
    const QList<qint64> index = mIndex;
    const SheetStyle style = mStyle;
    auto sheet = npy::tileFrames(first, layout.frames, mColumns, rows, QSize(), [&](qint64 f, npy::ArgbImage *tile) {
        return drawFrame(array, layout, npy::indexOfFrame(layout, array.shape(), f, index), style, QSize(), tile, nullptr);
    });
    if (!sheet) {
        if (error)
            *error = sheet.error();
        return QImage();
    }
    const bool gaps = first + qint64(mColumns) * rows > layout.frames;
    return pictureImage(sheet.value(), gaps || (layout.isColor() && layout.channels == 4 && style.picture.alpha));
}

QString ContactSheet::exportPngTo(const QString &path, QString *error)
{
    QString target = path;
    if (QFileInfo(target).suffix().isEmpty())
        target += QStringLiteral(".png");
    QString why;
    const QImage image = sheetImage(&why);
    const bool ok = !image.isNull() && savePng(image, target, &why);
    const QString message = ok ? tr("Saved the contact sheet (%1 × %2 pixels) to %3.")
                                     .arg(image.width())
                                     .arg(image.height())
                                     .arg(QDir::toNativeSeparators(target))
                               : tr("Could not save %1: %2").arg(QDir::toNativeSeparators(target), why);
    if (auto *main = qobject_cast<QMainWindow *>(window()))
        main->statusBar()->showMessage(message, ok ? 8000 : 0);
    if (!ok) {
        if (error)
            *error = why;
        return QString();
    }
    return target;
}

void ContactSheet::exportPng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Contact Sheet as PNG"),
                                                      QStringLiteral("sheet.png"), tr("PNG image (*.png)"));
    if (!path.isEmpty())
        exportPngTo(path);
}

} // namespace npyw
