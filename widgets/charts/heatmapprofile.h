#pragma once

#include "axislabels.h"
#include "heatmapcanvas.h"
#include "heatmaptoolbar.h"
#include "profile.h"

#include <QObject>
#include <QPointF>

#include <functional>
#include <memory>

class QSpinBox;
class QToolButton;
class QWidget;

namespace npyw {

class ProfilePlot;
class ProfileScheduler;
class ViewTransform;
struct ProfileResult;

/**
 * The line profiles of a HeatmapView: the tool (a row, a column or a free line, with a width), the line drawn over
 * the picture, the profile computed on a worker and plotted in a panel under the picture, its export.
 *
 * With a tool chosen the canvas's left button draws the line: a click or a drag puts the row or column under the
 * cursor; on a free line a drag from a point draws a line to where the mouse goes (Shift: in steps of 45
 * degrees), a drag from one of its ends moves that end and from the line the whole line. The ends sit on element
 * centres, inside the slice. The profile is recomputed as the line moves (each result shown as it comes), when the
 * width changes and after every change of the slice (slice bar, frame, field, complex part) or of the data, the
 * line kept where it still fits. Esc removes the line; turning the tool off removes it and hides the panel.
 *
 * The values are npy::computeProfile()'s (core/analysis/profile.h states the rule); the panel copies them as
 * NumPy code (npy::profileNumpyCode()) or exports them as CSV (npy::writeProfileCsv()).
 */
class HeatmapProfile : public QObject
{
    Q_OBJECT

public:
    /**
     * Draws on \a canvas through \a transform (the view's, read only); the panel is a child of \a view, and
     * \a exportStem gives the name a CSV export suggests ("FILE_MEMBER", to which "_profile.csv" is added).
     */
    HeatmapProfile(QWidget *view, HeatmapCanvas *canvas, const ViewTransform *transform,
                   std::function<QString()> exportStem);
    ~HeatmapProfile() override;

    /**
     * The panel (the kind of line, the width, an Export menu (NumPy code, CSV), the plot with the title as its
     * caption): shown while a tool is chosen.
     */
    [[nodiscard]] QWidget *panel() const { return mPanel; }
    [[nodiscard]] ProfilePlot *plot() const { return mPlot; }

    void setTool(ProfileTool tool);
    [[nodiscard]] ProfileTool tool() const { return mTool; }
    /** The width in elements (1 to npy::kMaxProfileWidth; clamped). */
    void setWidth(qint64 width);
    [[nodiscard]] qint64 width() const { return mWidth; }
    /**
     * Puts the line at \a geometry (its width too) as the mouse would, choosing its tool: a row or column in
     * range, the ends of a free line clamped into the slice. Ignored when nothing is drawn.
     */
    void setGeometry(const npy::ProfileGeometry &geometry);
    [[nodiscard]] bool hasLine() const { return mHaveLine; }
    [[nodiscard]] const npy::ProfileGeometry &geometry() const { return mGeometry; }
    /** Removes the line (the tool stays chosen). */
    void clearLine();

    /**
     * The slice the profiles read, after every change of data, slice or part: \a key says what \a access shows
     * (a new key recomputes). A null access (nothing drawn) removes the line.
     */
    void setSource(const npy::SliceAccess &access, const npy::NpyHeader &header, const npy::SliceSpec &spec,
                   const QString &key);
    /** The slice's labels: a row's profile is plotted against the columns' and a column's against the rows'. */
    void setAxisLabels(const AxisLabels &rows, const AxisLabels &columns);

    /** The profile shown: of the current line and slice once computed (null without a line or while it was not). */
    [[nodiscard]] std::shared_ptr<const npy::Profile> profile() const { return mProfile; }
    /** True while a profile of the current line and slice is computed. */
    [[nodiscard]] bool isComputing() const;
    /** What the panel's title says ("Row 5, width 3 (rows 4–6)"). */
    [[nodiscard]] QString title() const;

    /** The profile as NumPy code (see npy::profileNumpyCode(); the array is `a`), empty with \a why if none. */
    [[nodiscard]] QString numpyCode(QString *why) const;
    /** Copies numpyCode() to the clipboard and says so (or why not) in the window's status bar. */
    void copyNumpyCode();
    /** Writes the profile as CSV to \a path (".csv" added without a suffix) and says so; the path, or empty. */
    QString exportCsvTo(const QString &path, QString *error = nullptr);
    /** Asks for a file name (suggesting the view's export name + "_profile.csv"), then exportCsvTo(). */
    void exportCsv();

    /** The canvas's tool events (canvas pixels). */
    void press(QPointF canvasPos, Qt::KeyboardModifiers modifiers);
    void drag(QPointF canvasPos, Qt::KeyboardModifiers modifiers);
    void release();

signals:
    /** A new profile is shown (computed for the current line and slice). */
    void profileChanged();
    /** The tool or the width changed (the toolbar shows them). */
    void toolChanged();

private:
    enum class Grab { None, NewLine, Start, End, Whole };

    /** Stores \a g as the line, redraws the overlay and asks for its profile. */
    void place(const npy::ProfileGeometry &g);
    /** The element under a canvas point, clamped into the slice: (row, col). */
    [[nodiscard]] QPointF elementAt(QPointF canvasPos) const;
    void request();
    void takeResult(ProfileResult &&result);
    /** Plots \a profile against the slice's labels for its kind. */
    void plotProfile(std::shared_ptr<const npy::Profile> profile);
    void updateOverlay();
    void showMessage(const QString &message, bool ok) const;
    void updateTitle();
    [[nodiscard]] QString pointText(qint64 i) const;
    [[nodiscard]] QString idleMessage() const;

    QWidget *mView;
    std::function<QString()> mExportStem;
    HeatmapCanvas *mCanvas;
    const ViewTransform *mTransform;
    QWidget *mPanel = nullptr;
    QList<QToolButton *> mKindButtons;
    QSpinBox *mWidthBox = nullptr;
    ProfilePlot *mPlot = nullptr;
    ProfileScheduler *mJobs = nullptr;

    ProfileTool mTool = ProfileTool::None;
    qint64 mWidth = 1;
    npy::ProfileGeometry mGeometry;
    bool mHaveLine = false;

    npy::SliceAccess mAccess;
    npy::NpyHeader mHeader;
    npy::SliceSpec mSpec;
    QString mKey;
    AxisLabels mRowLabels;
    AxisLabels mColLabels;
    std::shared_ptr<const npy::Profile> mProfile;
    QString mError;

    Grab mGrab = Grab::None;
    QPointF mGrabElement;
    npy::ProfileGeometry mGrabGeometry;
    qint64 mMarker = -1;
};

} // namespace npyw
