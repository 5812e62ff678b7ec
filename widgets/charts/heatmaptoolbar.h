#pragma once

#include "colormaps.h"
#include "elements.h"
#include "heatmap.h"

#include <QToolBar>

class QAction;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLineEdit;
class QMenu;
class QToolButton;

namespace npyw {

/** What the heatmap's left button does: pan (None), or draw the line of a row's, a column's or a free profile. */
enum class ProfileTool { None, Row, Column, Line };

/**
 * The heatmap's toolbar: colormap (with a reverse toggle), a compact "display settings" button
 * whose panel holds the colour range (with the manual range's ends while it is chosen), scale,
 * complex part (only shown for complex data) and reduction, the axes menu (filled by the view), then fit, 1:1, aspect lock, the
 * histogram panel's toggle, copy and export: short enough that every control is reachable at the window's default
 * size. The profile tool's button, after the axes menu, turns it on and off; its menu chooses a horizontal,
 * vertical or free line (the profile's panel has the rest: the same choice, the width, copy and export).
 *
 * It holds no state of its own: sync() shows the view's settings (without emitting anything) and a
 * user's choice is emitted as a request for the view to apply.
 */
class HeatmapToolBar : public QToolBar
{
    Q_OBJECT

public:
    /** The settings the controls show. */
    struct State
    {
        npy::Colormap colormap = npy::Colormap::Viridis;
        bool reversed = false;
        npy::RangeOptions range;
        npy::ComplexPart part = npy::ComplexPart::Magnitude;
        /** Shows the complex part control. */
        bool complex = false;
        npy::Reduction reduction = npy::Reduction::Stride;
        bool aspectLocked = true;
        /** The histogram panel under the picture is shown. */
        bool histogramShown = true;
        ProfileTool profileTool = ProfileTool::None;
    };

    explicit HeatmapToolBar(QWidget *parent = nullptr);

    /** Shows \a state in the controls. */
    void sync(const State &state);
    /** The menu of the "Axes" button (what labels the rows and columns, the origin): its owner fills it. */
    [[nodiscard]] QMenu *axesMenu() const { return mAxesMenu; }

signals:
    void colormapChosen(npy::Colormap map);
    void reversedToggled(bool reversed);
    /** A range mode was picked (RangeMode::Manual too: the view starts it from the range shown). */
    void rangeModeChosen(npy::RangeMode mode);
    /** Both ends of the manual range parse and one of them differs from the one shown. */
    void manualRangeEdited(double low, double high);
    void scaleChosen(npy::ColorScale scale);
    void complexPartChosen(npy::ComplexPart part);
    void reductionChosen(npy::Reduction reduction);
    void fitRequested();
    void oneToOneRequested();
    void aspectLockToggled(bool locked);
    void histogramToggled(bool shown);
    /** A profile tool was chosen, or the tool turned off (None). */
    void profileToolChosen(ProfileTool tool);
    void copyRequested();
    void exportRequested();

private:
    void manualEdited();
    void updateSettingsButton();
    void addProfileTools();

    State mState;
    QComboBox *mMapBox = nullptr;
    QAction *mReverseAction = nullptr;
    QCheckBox *mReverseBox = nullptr;
    QComboBox *mRangeBox = nullptr;
    QLineEdit *mLowEdit = nullptr;
    QLineEdit *mHighEdit = nullptr;
    QWidget *mManualRow = nullptr;
    QComboBox *mScaleBox = nullptr;
    QComboBox *mPartBox = nullptr;
    QToolButton *mSettingsButton = nullptr;
    QFormLayout *mSettingsForm = nullptr;
    QComboBox *mReductionBox = nullptr;
    QAction *mAspectAction = nullptr;
    QAction *mHistogramAction = nullptr;
    QMenu *mAxesMenu = nullptr;
    QToolButton *mProfileButton = nullptr;
    /** The menu's tools: Row, Column, Line. */
    QList<QAction *> mProfileActions;
    /** The tool the button turns on: the one chosen last. */
    ProfileTool mLastProfile = ProfileTool::Row;
};

} // namespace npyw
