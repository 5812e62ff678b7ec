#pragma once

#include "axislabels.h"
#include "heatmap.h"
#include "picturelayout.h"
#include "slicespec.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTabWidget>

class QMenu;

namespace npyw {

class ArrayPane;
class ContactSheet;
class Document;
class DocumentCoordinates;
struct Member;
class FrameBar;
class HeatmapView;
class PictureView;
class PlotView;
class StackNavigator;

/**
 * The pictures beside the table: a "Heatmap" tab, a "Plot" tab and, for colour images (npy::pictureLayout()), a
 * "Picture" tab, linked to an ArrayPane. A member that is a colour image opens on its picture.
 *
 * A stack (any axis beyond the picture's) gets a frame bar under the heatmap and under the picture, frame keys
 * (PageUp/PageDown from the table and the pictures, Left/Right and Home/End on the pictures) and labels from
 * another member of the archive (StackNavigator).
 *
 * Follows the pane's member, slice bar and field picker, and redraws after edits. A 2-D (or N-d)
 * slice shows as a heatmap with the table's selection outlined on it; clicking a pixel selects that
 * cell of the table and scrolls to it. A 1-D member shows as a line plot instead (a one-row
 * heatmap helps nobody); the heatmap's context menu plots one row or column of a 2-D slice.
 *
 * Coordinates (DocumentCoordinates, looked up on a worker once the document has its members): the member that
 * labels each axis of the slice ticks the heatmap's axes, names the table's headers and is the x of the plot of
 * a row or column (of a 1-D member, the plot's x). The coordinate members are loaded on workers; the views take
 * their values once they are in. The heatmap's Axes menu (and the plot's, for a 1-D member) changes or removes
 * the choice per axis; Origin at Bottom is kept per member.
 */
class ArrayViews : public QTabWidget
{
    Q_OBJECT

public:
    ArrayViews(Document *document, ArrayPane *pane, QWidget *parent = nullptr);

    [[nodiscard]] HeatmapView *heatmap() const { return mHeatmap; }
    [[nodiscard]] PlotView *plot() const { return mPlot; }
    [[nodiscard]] PictureView *picture() const { return mPicture; }
    [[nodiscard]] StackNavigator *navigator() const { return mNavigator; }
    /** The coordinates of the document's members. */
    [[nodiscard]] DocumentCoordinates *coordinates() const { return mCoords; }
    /** The "Frames" tab: the stack as a contact sheet (shown for stacks only). */
    [[nodiscard]] ContactSheet *sheet() const { return mSheet; }
    /** Shows the Frames tab when the member is a stack; false otherwise. */
    bool showSheet();
    /** The frame bar under the heatmap (the picture has its own). */
    [[nodiscard]] FrameBar *heatmapFrameBar() const { return mHeatmapFrames; }
    /** True when the member shown is a colour picture (the Picture tab is offered). */
    [[nodiscard]] bool hasPicture() const;
    void showHeatmap();
    /** True when the Heatmap tab is the one shown. */
    [[nodiscard]] bool isHeatmapShown() const;
    /** Shows the Picture tab when the member is a colour picture; false otherwise. */
    bool showPicture();
    /** True when the member shown is drawn as a plot (1-D) rather than a heatmap. */
    [[nodiscard]] bool isPlotOnly() const { return mPlotOnly; }
    /** Plots row (or column) \a index of the current 2-D slice and shows the plot tab. */
    void plotLine(bool row, qint64 index);
    /**
     * For a record array: plots leaf \a y (-1: the current column's, or the first numeric field)
     * against leaf \a x (-1: the index) at x's values (PlotView::setXSeries()). Reset when another member is shown.
     */
    void setPlotFields(int y, int x);
    /**
     * Plots the 1-D series shown (a member, a field of records, a row or column of the slice) against member \a id
     * (1-D numbers or dates, as long; -1: the index again) at its values. Reset when another member is shown.
     */
    void setPlotXMember(int id);
    /**
     * For a 2-D slice: plots its column \a y against its column \a x (-1: the index) at x's values, as a point
     * cloud's two coordinates.
     */
    void plotColumns(qint64 x, qint64 y);
    /**
     * The Plot tab's context menu for a 1-D member: Find Values, Find Next, Go to Maximum / Minimum
     * (of the field plotted), for a record array the field to plot, and the X Axis (the index, the
     * other fields, every 1-D member of numbers or dates as long); for a 2-D slice the column to plot
     * and its X Axis (the index, another column, a member); against an x that is not sorted, the
     * density's colormap and log scale. nullptr without a member. The find bar's matches are marked on
     * the plot.
     */
    [[nodiscard]] QMenu *plotMenu();

    /** The heatmap's range mode, manual range and scale for member \a memberId from when it is next shown. */
    void presetRangeOptions(int memberId, const npy::RangeOptions &options);

signals:
    /** Index and value under the mouse in either view; empty when the mouse left. */
    void hovered(const QString &text);

private:
    void refresh(bool dataOnly);
    /** Keeps the heatmap's range and scale with the member they were set for; a new member starts automatic. */
    void switchRangeOptions(int memberId);
    /** "FOLDER/FILE_MEMBER", the name a PNG export of member \a key suggests. */
    [[nodiscard]] QString exportStem(const QString &key) const;
    void syncSelection();
    /** The frames and the picture of a 2-D slice of member \a m (after the heatmap has its array). */
    void refreshPicture(const Member *m, const npy::NpyArray &array, bool memberChanged);
    /** Gives the contact sheet the stack when it changed, and the current frame. */
    void refreshSheet(const npy::NpyArray &array, const npy::PictureLayout &layout, int memberId);
    /** Shows channel \a channel of the colour picture as the heatmap. */
    void showChannelHeatmap(int channel);
    /** Reads the member's channels along \a axis. */
    void setChannelAxis(int axis);
    void cellClicked(qint64 row, qint64 col);
    /** Marks the find bar's match at \a index on the plot when it is one of its points. */
    void markMatch(const QList<qint64> &index);
    /** The spec of the 1-D plot: for records, the numeric field of the current column or the first numeric one. */
    [[nodiscard]] npy::SliceSpec plotSpec() const;
    /** What the views say when the pane's member cannot be drawn (\a loadError: why its load failed). */
    [[nodiscard]] QString unavailableText(const QString &loadError) const;
    /** For records, the leaf plotted as the x axis: the first datetime field (-1: the index). */
    [[nodiscard]] int xField() const;
    // coordinates (arrayviews_coords.cpp)
    /** Gives the views the coordinates of the member and slice shown (\a force: also when the plot's x is the same member). */
    void applyCoordinates(bool force = false);
    /** The values of the coordinate of axis \a axis of member \a memberId (loading them first: none until then); \a id: its member. */
    [[nodiscard]] AxisLabels coordinateLabels(int memberId, int axis, int *id);
    /** Plots the series against \a x (member \a id; -1: the index), replotting only when it changes. */
    void syncPlotX(int id, const AxisLabels &x, bool force);
    /** The heatmap's Axes menu chose \a candidate (-1: the index) for the rows or the columns. */
    void chooseCoordinate(bool rows, int candidate);
    // y against x (arrayviews_xy.cpp)
    /** Connects what keeps the x chosen up to date (its member loaded or edited). */
    void setUpPlotX();
    /** Gives the plot the x the user chose (a member, a field, a column; loading its member first), if any. */
    void applyPlotX();
    /** The 1-D members of numbers or dates with \a length samples, other than \a self: coordinates first. */
    [[nodiscard]] QList<int> xCandidates(int self, qint64 length) const;
    /** Adds the X Axis menu of a 1-D member to \a menu: the index, its coordinates and every other candidate. */
    void addXAxisMenu(QMenu *menu);
    /** Adds the candidate members of \a length samples to the X Axis menu \a xs (checked: the one chosen). */
    void addXMembers(QMenu *xs, qint64 length);
    /** The Plot tab's menu of a 2-D slice: the column to plot and its x (the index, another column, a member). */
    [[nodiscard]] QMenu *slicePlotMenu();

    QPointer<Document> mDocument;
    ArrayPane *mPane;
    HeatmapView *mHeatmap;
    QWidget *mHeatmapPage;
    FrameBar *mHeatmapFrames;
    PictureView *mPicture;
    PlotView *mPlot;
    StackNavigator *mNavigator;
    ContactSheet *mSheet;
    /** What the sheet was last given (data version, member, layout, styles): the same key keeps its tiles. */
    QString mSheetKey;
    /** Bumped when the data drawn changes (an edit, another member): the picture's ranges are recomputed. */
    quint64 mVersion = 0;
    /** Each member's channel axis when the user chose one (else the picture rule's). */
    QHash<int, int> mChannelAxes;
    int mMemberId = -1;
    npy::SliceSpec mSpec;
    /** The spec of the 1-D plot shown (with the record field chosen). */
    npy::SliceSpec mPlotted;
    bool mPlotOnly = false;
    bool mRedrawQueued = false;
    /** The row/column line plotted from a 2-D slice (-1: none). */
    int mLineKind = -1;
    qint64 mLineIndex = 0;
    static constexpr int kAutoX = -2;
    /** The field plotted (-1: follow the current column) and the x field (kAutoX: the first date field). */
    int mPlotY = -1;
    int mPlotX = kAutoX;
    /** Each member's heatmap range and scale, kept while another member is shown. */
    QHash<int, npy::RangeOptions> mRanges;
    /** The member whose range and scale the heatmap holds (-1: none yet). */
    int mRangeMember = -1;
    DocumentCoordinates *mCoords;
    /** The candidates (member ids) the heatmap's Axes menu lists for the rows and the columns. */
    QList<int> mRowCandidates;
    QList<int> mColCandidates;
    /** The coordinates shown (member ids, -1: none) for the rows, the columns and the plot's x. */
    int mRowCoord = -1;
    int mColCoord = -1;
    int mPlotXCoord = -1;
    /** Coordinate members being loaded for the views. */
    QSet<int> mPendingCoords;
    /** Each member's Origin at Bottom. */
    QHash<int, bool> mOriginBottom;
    /** The x chosen for the plot of member mXOwner: another member (id), or a column of the slice (-1: none). */
    int mXOwner = -1;
    int mXMember = -1;
    qint64 mXColumn = -1;
    /** The x member being loaded for the plot (-1: none). */
    int mPendingX = -1;
};

} // namespace npyw
