#pragma once

#include "picture.h"
#include "picturejobs.h"
#include "picturelayout.h"
#include "viewtransform.h"

#include "deliverywatcher.h"
#include <QHash>
#include <QImage>
#include <QWidget>

#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace npyw {

class FrameBar;
class HeatmapCanvas;

/**
 * A colour picture of an array (H x W x 3/4, C x H x W and stacks, by npy::pictureLayout()), with its frame bar.
 *
 * What is shown is the visible part of one frame at screen resolution, drawn on a worker: zoomed in, each element
 * is a block of pixels (nearest neighbour); zoomed out, each pixel is first the element under its centre (a
 * preview), then the exact mean of its block, per channel. A change while a picture is drawn asks that one to
 * stop; only the latest is shown. RGBA is drawn over a checkerboard.
 *
 * The toolbar chooses how the channels are read (RGB, RGBA, BGR, BGRA, or one channel as a heatmap:
 * channelHeatmapRequested()), the channel axis (channelAxisRequested()), and the range mapped to 0..255: the
 * automatic one (npy::defaultPictureRange() of the frame), the frame's or the whole stack's min–max (exact, the
 * stack's on a worker), or a manual one; values outside are clipped and counted in the status line.
 *
 * Mouse and keys as on the heatmap (wheel zoom, drag pan, F fit, 1 one-to-one); the owner handles the frame keys.
 */
class PictureView : public QWidget
{
    Q_OBJECT

public:
    /** How the range is chosen. */
    using RangeChoice = PictureRangeChoice;

    explicit PictureView(QWidget *parent = nullptr);
    ~PictureView() override;

    /**
     * Shows the frame at \a index (one entry per axis of \a array) of \a array read by \a layout (a colour layout).
     * \a version identifies the data: ranges computed for another version are forgotten. Keeps the zoom while the
     * picture keeps its size.
     */
    void setPicture(const npy::NpyArray &array, const npy::PictureLayout &layout, const QList<qint64> &index,
                    quint64 version);
    /** Shows nothing, with \a message. */
    void clear(const QString &message);
    [[nodiscard]] const npy::PictureLayout &layout() const { return mLayout; }
    [[nodiscard]] qint64 frame() const { return mFrame; }

    void setChannelOrder(npy::ChannelOrder order);
    [[nodiscard]] npy::ChannelOrder channelOrder() const { return mOptions.order; }
    void setAlphaShown(bool shown);
    [[nodiscard]] bool isAlphaShown() const { return mOptions.alpha; }
    void setRangeChoice(RangeChoice choice);
    [[nodiscard]] RangeChoice rangeChoice() const { return mRangeChoice; }
    void setManualRange(double low, double high);
    /** The range of the picture shown (0..255 maps to it). */
    [[nodiscard]] npy::PictureRange range() const { return mShownRange; }
    [[nodiscard]] const npy::PictureStats &stats() const { return mStats; }

    [[nodiscard]] FrameBar *frameBar() const { return mFrameBar; }
    [[nodiscard]] QWidget *canvas() const;
    [[nodiscard]] QString statusText() const;
    /** The picture shown (canvas-sized) and whether it is exact (block means, not a preview). */
    [[nodiscard]] QImage renderedImage() const;
    [[nodiscard]] bool isExact() const { return mShownExact; }
    [[nodiscard]] bool isRendering() const;
    /** The hover text for cell (\a row, \a col): index and every channel's value. */
    [[nodiscard]] QString hoverText(qint64 row, qint64 col) const;

    void fitToView();
    void zoomOneToOne();
    [[nodiscard]] QRectF visibleArea() const;
    void setVisibleArea(const QRectF &area);
    [[nodiscard]] QPointF sliceToCanvas(QPointF slicePos) const;

    /** The whole frame at one pixel per element (up to 2^24 pixels, else reduced), true colour; null with \a error. */
    [[nodiscard]] QImage frameImage(QString *error = nullptr) const;
    void setExportName(const QString &stem) { mExportName = stem; }
    /** Writes frameImage() as PNG through a QSaveFile; the path written, or empty with \a error. */
    QString exportPngTo(const QString &path, QString *error = nullptr);

signals:
    void hovered(const QString &text);
    void cellClicked(qint64 row, qint64 col);
    /** A frame was drawn exactly (the frame bar may ask for the next). */
    void frameDrawn(qint64 frame);
    void channelHeatmapRequested(int channel);
    void channelAxisRequested(int axis);

public slots:
    void exportPng();

private:
    [[nodiscard]] ViewTransform &transform();
    void viewChanged();
    void scheduleRender(bool exact);
    void startRender();
    void renderDone();
    void rebuildControls();
    void syncRangeControls();
    void requestStackRange();
    void updateStatus();
    [[nodiscard]] bool makeJob(PictureJob *job) const;
    [[nodiscard]] QString rangeKey(qint64 frame) const;

    npy::NpyArray mArray;
    npy::PictureLayout mLayout;
    QList<qint64> mIndex;
    qint64 mFrame = 0;
    quint64 mVersion = 0;
    QString mError;
    npy::PictureOptions mOptions;
    RangeChoice mRangeChoice = RangeChoice::Auto;
    npy::PictureRange mManual;
    /** Frame min–max by "version|frame", and the stack's for mVersion. */
    QHash<QString, std::pair<double, double>> mFrameRanges;
    bool mHaveStackRange = false;
    std::pair<double, double> mStackRange;
    npy::PictureRange mShownRange;
    npy::PictureStats mStats;
    bool mShownExact = false;

    mutable ViewTransform mTransform;
    quint64 mGeneration = 0;
    bool mExactDue = false;
    bool mPending = false;
    std::shared_ptr<std::atomic_bool> mCancel;
    DeliveryWatcher<std::shared_ptr<PictureFrame>> *mWatcher = nullptr;
    std::shared_ptr<std::atomic_bool> mStackCancel;
    DeliveryWatcher<std::shared_ptr<PictureFrame>> *mStackWatcher = nullptr;
    quint64 mStackVersion = 0;

    HeatmapCanvas *mCanvas = nullptr;
    FrameBar *mFrameBar = nullptr;
    QComboBox *mMode = nullptr;
    QComboBox *mAxis = nullptr;
    QComboBox *mRange = nullptr;
    QLineEdit *mLow = nullptr;
    QLineEdit *mHigh = nullptr;
    QLabel *mStatus = nullptr;
    QString mHover;
    /** The cell under the mouse (x column, y row; -1 when none). */
    QPoint mHoverCell{-1, -1};
    QString mExportName;
};

} // namespace npyw
