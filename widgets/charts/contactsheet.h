#pragma once

#include "heatmap.h"
#include "picture.h"
#include "picturelayout.h"

#include <QAbstractScrollArea>
#include "deliverywatcher.h"
#include <QHash>
#include <QImage>

#include <atomic>
#include <functional>
#include <memory>

namespace npyw {

/** How the sheet draws each frame: as a colour picture or as a heatmap (a one-channel stack). */
struct SheetStyle
{
    /** Colour pictures: the channel order and alpha; the range is each frame's automatic one unless manual. */
    npy::PictureOptions picture;
    bool manualPictureRange = false;
    /** One-channel frames: the heatmap's colormap and range options. */
    npy::HeatmapOptions heatmap;
};

/**
 * A contact sheet of a stack: many frames at once as a grid of tiles sized to the view, each with its index and
 * label, scrolling through the whole stack. Tiles are drawn on a worker (only those on screen, each at tile size:
 * the exact mean of its blocks for a colour picture, the heatmap's exact reduction otherwise) and kept while they
 * stay near the screen. Clicking a tile emits frameActivated(). Ctrl+wheel or +/- change the tile size.
 */
class ContactSheet : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit ContactSheet(QWidget *parent = nullptr);
    ~ContactSheet() override;

    /**
     * Shows the frames of \a array by \a layout, the other axes at \a index; \a version identifies the data
     * (tiles of another version are drawn again). \a label gives a frame's label text (may be empty).
     */
    void setStack(const npy::NpyArray &array, const npy::PictureLayout &layout, const QList<qint64> &index,
                  quint64 version, const SheetStyle &style, std::function<QString(qint64)> label);
    void clear(const QString &message);
    /** Draws the labels again (the label member changed). */
    void refreshLabels() { viewport()->update(); }
    /** Marks frame \a frame as the current one (outlined, scrolled to). */
    void setCurrentFrame(qint64 frame);

    /** Tile size in pixels (the frame's picture, without its caption), columns, and the frames shown whole. */
    [[nodiscard]] QSize tileSize() const { return mTile; }
    [[nodiscard]] int columns() const { return mColumns; }
    [[nodiscard]] qint64 firstVisibleFrame() const;
    [[nodiscard]] qint64 visibleFrames() const;
    /** Frames drawn and shown; true once every tile on screen is. */
    [[nodiscard]] bool isComplete() const;
    /** The frame under viewport point \a pos, -1 for none. */
    [[nodiscard]] qint64 frameAt(QPoint pos) const;
    /** Scales the tiles by \a steps (positive: larger). */
    void zoom(int steps);

    /**
     * The frames on screen (a whole number of rows from the first one shown) as one picture at data resolution:
     * tile k at column k % columns(), row k / columns(), no gap, as `npy-tool render --sheet` draws them.
     */
    [[nodiscard]] QImage sheetImage(QString *error = nullptr) const;
    QString exportPngTo(const QString &path, QString *error = nullptr);

signals:
    void frameActivated(qint64 frame);

public slots:
    void exportPng();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void relayout();
    void requestTiles();
    void tilesDone();
    [[nodiscard]] QRect tileRect(qint64 frame) const;
    [[nodiscard]] int cellWidth() const;
    [[nodiscard]] int cellHeight() const;
    /** Draws one frame at \a size (or data resolution when empty) by the style. */
    [[nodiscard]] static bool drawFrame(const npy::NpyArray &array, const npy::PictureLayout &layout,
                                        const QList<qint64> &index, const SheetStyle &style, QSize size,
                                        npy::ArgbImage *out, const std::atomic_bool *cancel);

    npy::NpyArray mArray;
    npy::PictureLayout mLayout;
    QList<qint64> mIndex;
    quint64 mVersion = 0;
    SheetStyle mStyle;
    std::function<QString(qint64)> mLabel;
    QString mMessage;
    qint64 mCurrent = -1;
    /** Tile scale: pixels per element (may be below 1 for large frames). */
    double mScale = 1.0;
    bool mScaleChosen = false;
    QSize mTile;
    int mColumns = 1;
    QHash<qint64, QImage> mTiles;
    quint64 mTileKey = 0;
    std::shared_ptr<std::atomic_bool> mCancel;
    DeliveryWatcher<QHash<qint64, QImage>> *mWatcher = nullptr;
    bool mPending = false;
};

} // namespace npyw
