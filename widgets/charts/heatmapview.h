#pragma once

#include "axislabels.h"
#include "axisticks.h"
#include "colormaps.h"
#include "elements.h"
#include "heatmap.h"
#include "slicespec.h"
#include "viewtransform.h"

#include <QImage>
#include <QWidget>

#include <memory>

class QLabel;
class QMenu;

namespace npyw {

class ColorBar;
class HeatmapAxis;
class HeatmapCanvas;
class HeatmapProfile;
class HistogramScheduler;
class HistogramView;
class HeatmapToolBar;
class RenderScheduler;
struct RenderJob;
struct RenderResult;


/**
 * The heatmap of one 2-D slice of an array, with a colorbar, a toolbar and a status line.
 *
 * Row 0 at the top (or, with the origin at the bottom, at the bottom: a map the right way up), column 0 at the
 * left; the axes left of and under the picture tick the visible rows and columns by index, or by the values of a
 * coordinate (setAxisLabels(): `lat` and `lon`, dates as dates), which the hover text also names. Only what is visible is rendered, at screen resolution
 * (strided or pooled, see setReduction()), on a worker thread: each change bumps a generation
 * counter and a render that finishes for an older generation is dropped (and the one running is
 * asked to stop). A colormap change only recolours the last rendered indices, on this thread.
 *
 * Mouse: wheel zooms about the cursor; left-drag pans; shift+left-drag or right-drag zooms to a
 * box; a left click (no drag) emits cellClicked(); double-click fits; hovering emits cellHovered()
 * and shows index and value. Keys: F fit, 1 one-to-one, +/- zoom. The context menu offers plots of
 * the row or column under the cursor (plotRowRequested(), plotColumnRequested()) and their profiles.
 *
 * The toolbar's profile tool draws a row's, a column's or a free line's profile (HeatmapProfile): the line over
 * the picture, its values plotted in a panel under it, computed on a worker, following every change of the slice
 * or the data.
 *
 * Under the picture, the HistogramView shows the exact histogram of the slice (computed on a
 * worker once the exact frame is shown, again after an edit or a change of slice); its handles
 * set a manual colour range. Once it is known, every range (min–max, percentiles) is read from it.
 *
 * The view owns its parts and keeps the state they show: the HeatmapCanvas (painting and mouse),
 * the ViewTransform (zoom and pan arithmetic), the ColorBar, the HistogramView, the
 * HeatmapToolBar and the RenderScheduler and HistogramScheduler (worker jobs, stale ones dropped).
 */
class HeatmapView : public QWidget
{
    Q_OBJECT

public:
    explicit HeatmapView(QWidget *parent = nullptr);
    ~HeatmapView() override;

    // ---- data
    /**
     * Shows \a spec of \a array (copied cheaply; the view keeps the bytes alive). Keeps the zoom
     * when the slice has the same rows and columns as before, else fits. Call it again after an
     * edit to redraw.
     */
    void setArray(const npy::NpyArray &array, const npy::SliceSpec &spec);
    /** Changes the slice of the current array. */
    void setSlice(const npy::SliceSpec &spec);
    /** Shows nothing (with \a message in the middle). */
    void clear(const QString &message = QString());
    [[nodiscard]] const npy::SliceSpec &slice() const { return mSpec; }
    /** Rows and columns of the slice shown (0 x 0 when nothing or an error is shown). */
    [[nodiscard]] qint64 sliceRows() const { return mAccess.rows(); }
    [[nodiscard]] qint64 sliceCols() const { return mAccess.cols(); }
    /** Why nothing is drawn ("cannot draw dtype <U5"), empty when drawing. */
    [[nodiscard]] QString errorText() const { return mError; }

    // ---- display options (each also has a toolbar control)
    void setColormap(npy::Colormap map);
    [[nodiscard]] npy::Colormap colormap() const { return mColormap; }
    void setReversed(bool reversed);
    [[nodiscard]] bool isReversed() const { return mReversed; }
    void setRangeMode(npy::RangeMode mode);
    [[nodiscard]] npy::RangeMode rangeMode() const { return mRange.mode; }
    /** Sets a manual range and switches to RangeMode::Manual. */
    void setManualRange(double low, double high);
    void setScale(npy::ColorScale scale);
    [[nodiscard]] npy::ColorScale scale() const { return mRange.scale; }
    /** The range mode, manual range and scale together (a member's own settings). */
    [[nodiscard]] const npy::RangeOptions &rangeOptions() const { return mRange; }
    /** Replaces the range mode, manual range and scale (keeps the sample limit) and redraws. */
    void setRangeOptions(const npy::RangeOptions &options);
    /** Choosing the phase switches to the cyclic twilight map; leaving it restores the map before. */
    void setComplexPart(npy::ComplexPart part);
    [[nodiscard]] npy::ComplexPart complexPart() const { return mPart; }
    void setReduction(npy::Reduction reduction);
    [[nodiscard]] npy::Reduction reduction() const { return mReduction; }
    void setSpecialColors(const npy::SpecialColors &colors);
    /** The range used for the current picture and what was counted finding it. */
    [[nodiscard]] const npy::RangeStats &rangeStats() const { return mStats; }
    /**
     * True when the picture shown is exact: every element of each pixel's block reduced and an
     * exact range. A preview (a few elements per pixel, a sampled range) comes first when it is not.
     */
    [[nodiscard]] bool isFrameExact() const { return mFrameExact; }
    /** The status line under the picture: hover, range and what one pixel shows. */
    [[nodiscard]] QString statusText() const;

    // ---- histogram
    /** The histogram panel under the picture. */
    [[nodiscard]] HistogramView *histogramView() const { return mHistogramView; }
    /** The exact histogram of the slice shown, when it has been computed for the current data (else null). */
    [[nodiscard]] std::shared_ptr<const npy::Histogram> histogram() const;
    /** Shows or hides the histogram panel (the toolbar's "Histogram" toggle). */
    void setHistogramShown(bool shown);
    [[nodiscard]] bool isHistogramShown() const { return mHistogramShown; }
    [[nodiscard]] bool isHistogramComputing() const;

    // ---- profiles
    /** The profile tool, its line, the profile computed and its panel. */
    [[nodiscard]] HeatmapProfile *profile() const { return mProfile; }

    // ---- linking with the table
    /** Outlines these cells (the table's selection); an empty list removes the outline. */
    void setSelection(const QList<npy::CellRange> &ranges);
    [[nodiscard]] const QList<npy::CellRange> &selection() const { return mSelection; }
    /** Makes sure cell (\a row, \a col) is visible, panning if needed (zoom unchanged). */
    void ensureVisible(qint64 row, qint64 col);

    // ---- axes
    /**
     * Labels the slice's rows and columns: by index (a default AxisLabels) or by a coordinate's values, which
     * the axes tick and the hover text names beside the indexes. Draws no picture again.
     */
    void setAxisLabels(const AxisLabels &rows, const AxisLabels &columns);
    [[nodiscard]] const AxisLabels &rowLabels() const { return mRowLabels; }
    [[nodiscard]] const AxisLabels &columnLabels() const { return mColLabels; }
    /**
     * What the Axes menu offers for the rows and for the columns: the names of the candidate coordinates, best
     * first, and the one in force (-1: the index). Choosing another emits coordinateChosen().
     */
    void setAxisChoices(const QStringList &rows, int rowCurrent, const QStringList &columns, int columnCurrent);
    /** Draws row 0 at the bottom (\a bottom: a map the right way up, the rows' axis ticks with it) or at the top. */
    void setOriginAtBottom(bool bottom);
    [[nodiscard]] bool isOriginAtBottom() const { return mTransform.isOriginAtBottom(); }
    /** The toolbar's Axes menu: the rows' and the columns' choices and Origin at Bottom (filled afresh). */
    [[nodiscard]] QMenu *axesMenu();
    /** The ticks of the rows' and the columns' axes as drawn now (positions in elements along the slice). */
    [[nodiscard]] const QList<SliceTick> &rowTicks() const { return mRowTicks; }
    [[nodiscard]] const QList<SliceTick> &columnTicks() const { return mColTicks; }
    [[nodiscard]] HeatmapAxis *rowAxis() const { return mRowAxis; }
    [[nodiscard]] HeatmapAxis *columnAxis() const { return mColAxis; }

    // ---- navigation
    void fitToView();
    void zoomOneToOne();
    /** Zooms by \a factor keeping the slice point under \a canvasPos where it is. */
    void zoomAt(double factor, QPointF canvasPos);
    /** Shows (at least) \a area of the slice, in element units (x = column, y = row). */
    void setVisibleArea(const QRectF &area);
    /** The part of the slice the canvas shows, in element units. */
    [[nodiscard]] QRectF visibleArea() const;
    /**
     * Square elements (locked) or a picture stretched to fill the view. Until this is called, the
     * view chooses for each new slice shape: locked, unless square elements would draw the slice as
     * a line (one side more than 16 times longer than the canvas's proportions allow).
     */
    void setAspectLocked(bool locked);
    /** True when the aspect was left unlocked by the view itself, for a long thin slice. */
    [[nodiscard]] bool isAspectAutoUnlocked() const { return mAspectAuto && !mTransform.isAspectLocked(); }
    [[nodiscard]] bool isAspectLocked() const { return mTransform.isAspectLocked(); }
    /** Slice coordinates (x = column, y = row, fractional) of a canvas point, and back. */
    [[nodiscard]] QPointF canvasToSlice(QPointF canvasPos) const;
    [[nodiscard]] QPointF sliceToCanvas(QPointF slicePos) const;
    /** The cell under a canvas point; false outside the slice. */
    bool cellAt(QPointF canvasPos, qint64 *row, qint64 *col) const;
    /** The drawing area (send mouse events here in tests). */
    [[nodiscard]] QWidget *canvas() const;

    // ---- output
    /** The picture as shown (visible area at screen resolution) with its colorbar beside it. */
    [[nodiscard]] QImage exportImage() const;
    /**
     * The whole slice at data resolution with its colorbar: one pixel per element up to
     * kMaxDataPixels, else the exact reduction (every element of each pixel's block) to that
     * many pixels, aspect kept. Empty with \a error when nothing is drawn.
     */
    [[nodiscard]] QImage dataImage(QString *error = nullptr) const;
    static constexpr qint64 kMaxDataPixels = qint64(1) << 24;
    bool saveImage(const QString &path, QString *error = nullptr) const;
    /** The name PNG exports suggest: "FILE_MEMBER" (without suffix); set by whoever shows the view. */
    void setExportName(const QString &stem) { mExportName = stem; }
    [[nodiscard]] QString exportName() const { return mExportName; }
    /**
     * Writes the screen view (exportImage()) or the data-resolution picture (dataImage()) as PNG
     * to \a path, adding `.png` when it has no suffix, and says so in the window's status bar.
     * Returns the path written, empty with \a error on failure.
     */
    QString exportPngTo(const QString &path, bool dataResolution, QString *error = nullptr);
    void copyImageToClipboard() const;

    // ---- rendering state
    /** Starts a scheduled render now instead of at the next event-loop turn. */
    void flushRender();
    [[nodiscard]] bool isRendering() const;
    /** The generation of the latest request; renderFinished() carries the one it shows. */
    [[nodiscard]] quint64 generation() const;
    /** Renders that finished too late (their generation was no longer current) and were dropped. */
    [[nodiscard]] quint64 droppedRenders() const;
    /** The picture currently shown (ARGB32_Premultiplied, canvas-sized), and its slice area. */
    [[nodiscard]] QImage renderedImage() const;
    [[nodiscard]] QRectF renderedArea() const;

signals:
    /** The mouse is over cell (\a row, \a col); \a text is "index = value" as the status line shows it. */
    void cellHovered(qint64 row, qint64 col, const QString &text);
    void hoverLeft();
    /** A left click (without dragging) on cell (\a row, \a col). */
    void cellClicked(qint64 row, qint64 col);
    void plotRowRequested(qint64 row);
    void plotColumnRequested(qint64 col);
    /** A render of generation \a generation is now shown. */
    void renderFinished(quint64 generation);
    /** The visible area changed (zoom, pan, fit, resize). */
    void visibleAreaChanged(const QRectF &area);
    /** A new exact histogram of the slice is shown. */
    void histogramChanged();
    /** The Axes menu chose candidate \a candidate (of setAxisChoices()' list; -1: the index) for the rows or the columns. */
    void coordinateChosen(bool rows, int candidate);
    /** Origin at Bottom was switched in the Axes menu. */
    void originAtBottomChanged(bool bottom);

public slots:
    /**
     * Asks for a PNG file name (suggesting exportName().png) and whether to save the screen view
     * or the data resolution (two file types), then exportPngTo().
     */
    void exportPng();

private:
    void rebuildAccess(bool keepView);
    void syncControls();
    /** After a change of the view transform: repaint, tell, render. */
    void viewChanged();
    [[nodiscard]] ViewTransform &transform();
    [[nodiscard]] const ViewTransform &transform() const;
    void canvasResized();
    void hoverAt(QPointF canvasPos);
    void hoverEnded();
    void contextMenu(QPointF canvasPos);
    [[nodiscard]] bool makeJob(RenderJob *job) const;
    void showResult(RenderResult &&result);
    /** Asks for a new picture: a preview first, then (if it is not exact already) the exact frame. */
    void scheduleRender();
    /** True when \a result, a preview, already shows every element and the exact range. */
    [[nodiscard]] bool previewIsExact(const RenderResult &result) const;
    void recolor();
    void updateStatus();
    /** Ticks the axes for the visible area (after any change of view, slice or labels). */
    void updateAxes();
    void fillAxesMenu();
    /** " (lat 77.5, lon −139.5)": the coordinates of cell (\a row, \a col), empty without any. */
    [[nodiscard]] QString coordinateText(qint64 row, qint64 col) const;
    [[nodiscard]] QString hoverText(qint64 row, qint64 col) const;
    /** "; N non-zeros in this pixel" for the picture's pixel under \a canvasPos when it shows counts, else empty. */
    [[nodiscard]] QString countText(QPointF canvasPos) const;
    [[nodiscard]] QString rangeText() const;
    /** What the histogram depends on: data version, slice, complex part, log bins. */
    [[nodiscard]] QString histogramKey() const;
    /** Starts the exact histogram of the slice on a worker when it is wanted and not known. */
    void requestHistogram();
    void histogramReady(const QString &key, std::shared_ptr<const npy::Histogram> histogram);
    /** Gives the histogram panel the colours and range of the picture. */
    void syncHistogramView();

    // data
    npy::NpyArray mArray;
    npy::SliceSpec mSpec;
    npy::SliceAccess mAccess;
    QString mError;
    quint64 mDataVersion = 0;

    // options
    npy::Colormap mColormap = npy::Colormap::Viridis;
    bool mReversed = false;
    npy::RangeOptions mRange;
    npy::ComplexPart mPart = npy::ComplexPart::Magnitude;
    /** The colormap to return to when the phase (drawn with twilight) is left; -1: none. */
    int mColormapBeforePhase = -1;
    /** Max by default: zoomed out, a pixel shows the largest element of its block, so no spike hides. */
    npy::Reduction mReduction = npy::Reduction::MaxPool;
    npy::SpecialColors mColors;
    QList<npy::CellRange> mSelection;

    /** The view transform; its viewport follows the canvas' size (see transform()). */
    mutable ViewTransform mTransform;

    // the latest render shown
    QString mRangeKey;
    npy::RangeStats mStats;
    bool mHaveStats = false;
    /** The next render reduces every element (the preview of this picture is shown). */
    bool mExactDue = false;
    /** The picture shown is exact (every element of each pixel's block, exact range). */
    bool mFrameExact = false;
    std::vector<quint16> mIndices;
    QSize mIndexSize;
    qreal mImageDpr = 1.0;
    /** The shown picture's counts (Reduction::NonZero) over mCountArea of the slice, else empty. */
    std::vector<double> mCounts;
    QRectF mCountArea;

    // the histogram of the slice
    std::shared_ptr<const npy::Histogram> mHistogram;
    QString mHistogramKey;
    bool mHistogramShown = true;
    bool mAspectAuto = true; // the view picks the aspect lock per slice shape until one is set

    // parts
    RenderScheduler *mJobs = nullptr;
    HistogramScheduler *mHistograms = nullptr;
    HistogramView *mHistogramView = nullptr;
    HeatmapCanvas *mCanvas = nullptr;
    ColorBar *mColorBar = nullptr;
    HeatmapToolBar *mToolBar = nullptr;
    HeatmapProfile *mProfile = nullptr;
    QLabel *mStatus = nullptr;
    HeatmapAxis *mRowAxis = nullptr;
    HeatmapAxis *mColAxis = nullptr;
    AxisLabels mRowLabels;
    AxisLabels mColLabels;
    QList<SliceTick> mRowTicks;
    QList<SliceTick> mColTicks;
    QStringList mRowChoices;
    QStringList mColChoices;
    int mRowChoice = -1;
    int mColChoice = -1;
    QString mHover;
    QPointF mHoverPos;
    QString mExportName;
};

} // namespace npyw
