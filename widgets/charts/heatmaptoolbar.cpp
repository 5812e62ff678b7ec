#include "heatmaptoolbar.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QWidgetAction>

namespace npyw {

namespace {

QIcon colormapIcon(npy::Colormap map)
{
    const npy::ColorTable t = npy::colormapTable(map);
    QImage img(64, 12, QImage::Format_RGB32);
    for (int x = 0; x < 64; ++x)
        for (int y = 0; y < 12; ++y)
            img.setPixel(x, y, t[size_t(x * 4)]);
    return QIcon(QPixmap::fromImage(img));
}

} // namespace

HeatmapToolBar::HeatmapToolBar(QWidget *parent) : QToolBar(parent)
{
    setIconSize(QSize(16, 16));

    mMapBox = new QComboBox(this);
    mMapBox->setToolTip(tr("Colormap"));
    for (int i = 0; i < npy::kColormapCount; ++i)
        mMapBox->addItem(colormapIcon(npy::Colormap(i)), npy::colormapName(npy::Colormap(i)));
    mMapBox->setIconSize(QSize(48, 10));
    addWidget(mMapBox);
    connect(mMapBox, &QComboBox::activated, this, [this](int i) { emit colormapChosen(npy::Colormap(i)); });
    // A check box: a checkable tool button looks like a label while it is off.
    mReverseBox = new QCheckBox(tr("Reverse"), this);
    mReverseBox->setObjectName(QStringLiteral("reverseColormap"));
    mReverseBox->setToolTip(tr("Reverse the colormap"));
    connect(mReverseBox, &QCheckBox::clicked, this, &HeatmapToolBar::reversedToggled);
    mReverseAction = addWidget(mReverseBox);
    addSeparator();

    // The colour settings live in a compact panel under one button: a row of five combos does not
    // fit beside the view actions at the default window size, and QToolBar's overflow drops widgets.
    auto *panel = new QWidget(this);
    mSettingsForm = new QFormLayout(panel);
    mRangeBox = new QComboBox(panel);
    mRangeBox->setToolTip(tr("Colour range (NaN and ±Inf are left out)"));
    for (npy::RangeMode m : {npy::RangeMode::MinMax, npy::RangeMode::Percentile1, npy::RangeMode::Percentile01, npy::RangeMode::Symmetric,
                        npy::RangeMode::Manual})
        mRangeBox->addItem(npy::rangeModeName(m));
    for (npy::RangeMode m : {npy::RangeMode::Percentile1, npy::RangeMode::Percentile01})
        mRangeBox->setItemData(int(m),
                               tr("Read from the exact histogram of the slice, to 1/4096 of the range (exact for "
                                  "integers of a smaller span); estimated from a sample until it is counted"),
                               Qt::ToolTipRole);
    mRangeBox->setItemData(int(npy::RangeMode::MinMax), tr("The smallest and largest finite values of the slice"),
                           Qt::ToolTipRole);
    mSettingsForm->addRow(tr("Range:"), mRangeBox);
    connect(mRangeBox, &QComboBox::activated, this, [this](int i) { emit rangeModeChosen(npy::RangeMode(i)); });
    mManualRow = new QWidget(panel);
    auto *manual = new QHBoxLayout(mManualRow);
    manual->setContentsMargins(0, 0, 0, 0);
    auto makeEdit = [this](const QString &tip) {
        auto *e = new QLineEdit(mManualRow);
        e->setToolTip(tip);
        e->setFixedWidth(90);
        e->setValidator(new QDoubleValidator(e));
        connect(e, &QLineEdit::editingFinished, this, &HeatmapToolBar::manualEdited);
        return e;
    };
    mLowEdit = makeEdit(tr("Low end of the manual range"));
    mHighEdit = makeEdit(tr("High end of the manual range"));
    manual->addWidget(mLowEdit);
    manual->addWidget(new QLabel(QStringLiteral("–"), mManualRow));
    manual->addWidget(mHighEdit);
    mSettingsForm->addRow(tr("From:"), mManualRow);

    mScaleBox = new QComboBox(panel);
    mScaleBox->setToolTip(tr("Colour scale"));
    for (npy::ColorScale s : {npy::ColorScale::Linear, npy::ColorScale::Log, npy::ColorScale::Sqrt})
        mScaleBox->addItem(npy::colorScaleName(s));
    mSettingsForm->addRow(tr("Scale:"), mScaleBox);
    connect(mScaleBox, &QComboBox::activated, this, [this](int i) { emit scaleChosen(npy::ColorScale(i)); });

    mPartBox = new QComboBox(panel);
    mPartBox->setToolTip(tr("Complex values drawn as"));
    for (npy::ComplexPart c : {npy::ComplexPart::Magnitude, npy::ComplexPart::Phase, npy::ComplexPart::Real, npy::ComplexPart::Imag})
        mPartBox->addItem(npy::complexPartName(c));
    mSettingsForm->addRow(tr("Complex:"), mPartBox);
    connect(mPartBox, &QComboBox::activated, this, [this](int i) { emit complexPartChosen(npy::ComplexPart(i)); });

    mReductionBox = new QComboBox(panel);
    mReductionBox->setToolTip(tr("When a screen pixel covers several elements"));
    for (npy::Reduction r : {npy::Reduction::Stride, npy::Reduction::MaxPool, npy::Reduction::MinPool, npy::Reduction::Mean, npy::Reduction::AbsMax,
                                npy::Reduction::NonZero})
        mReductionBox->addItem(npy::reductionName(r));
    mSettingsForm->addRow(tr("Zoomed out:"), mReductionBox);
    connect(mReductionBox, &QComboBox::activated, this, [this](int i) { emit reductionChosen(npy::Reduction(i)); });

    auto *menu = new QMenu(this);
    auto *panelAction = new QWidgetAction(menu);
    panelAction->setDefaultWidget(panel);
    menu->addAction(panelAction);
    mSettingsButton = new QToolButton(this);
    mSettingsButton->setObjectName(QStringLiteral("heatmapSettings"));
    mSettingsButton->setPopupMode(QToolButton::InstantPopup);
    mSettingsButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    mSettingsButton->setMenu(menu);
    mSettingsButton->setToolTip(tr("Colour range, scale, complex part and reduction"));
    addWidget(mSettingsButton);
    updateSettingsButton();
    mAxesMenu = new QMenu(this);
    auto *axes = new QToolButton(this);
    axes->setObjectName(QStringLiteral("heatmapAxes"));
    axes->setText(tr("Axes"));
    axes->setPopupMode(QToolButton::InstantPopup);
    axes->setToolButtonStyle(Qt::ToolButtonTextOnly);
    axes->setMenu(mAxesMenu);
    axes->setToolTip(tr("What labels the rows and columns (indexes or another member's values), and where row 0 is"));
    addWidget(axes);
    // Before the view actions: at the heatmap's width in a default window, Fit and 1:1 (also F, 1 and a
    // double-click) go to the overflow first.
    addProfileTools();
    addSeparator();

    addAction(tr("Fit"), this, &HeatmapToolBar::fitRequested)->setToolTip(tr("Fit the slice to the view (F)"));
    addAction(tr("1:1"), this, &HeatmapToolBar::oneToOneRequested)->setToolTip(tr("One element per pixel (1)"));
    mAspectAction = addAction(tr("Lock aspect"), this, &HeatmapToolBar::aspectLockToggled);
    mAspectAction->setCheckable(true);
    mAspectAction->setToolTip(tr("Keep elements square"));
    mHistogramAction = addAction(tr("Histogram"), this, &HeatmapToolBar::histogramToggled);
    mHistogramAction->setObjectName(QStringLiteral("histogramToggle"));
    mHistogramAction->setCheckable(true);
    mHistogramAction->setToolTip(tr("Show the histogram of the slice; its handles set the colour range"));
    addSeparator();
    addAction(tr("Copy"), this, &HeatmapToolBar::copyRequested)->setToolTip(tr("Copy the picture with its colorbar"));
    addAction(tr("Export…"), this, &HeatmapToolBar::exportRequested)
        ->setToolTip(tr("Save the picture with its colorbar as PNG"));
}

void HeatmapToolBar::addProfileTools()
{
    auto *menu = new QMenu(this);
    const QList<QPair<ProfileTool, QString>> tools = {{ProfileTool::Row, tr("&Horizontal (a Row)")},
                                                      {ProfileTool::Column, tr("&Vertical (a Column)")},
                                                      {ProfileTool::Line, tr("&Free Line")}};
    const char *names[] = {"profileRow", "profileColumn", "profileLine"};
    for (qsizetype i = 0; i < tools.size(); ++i) {
        const ProfileTool tool = tools[i].first;
        QAction *a = menu->addAction(tools[i].second, this, [this, tool](bool on) {
            emit profileToolChosen(on || mState.profileTool != tool ? tool : ProfileTool::None);
        });
        a->setObjectName(QLatin1String(names[i]));
        a->setCheckable(true);
        mProfileActions << a;
    }
    mProfileButton = new QToolButton(this);
    mProfileButton->setObjectName(QStringLiteral("profileTool"));
    mProfileButton->setPopupMode(QToolButton::MenuButtonPopup);
    mProfileButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    mProfileButton->setText(tr("Profile"));
    mProfileButton->setCheckable(true);
    mProfileButton->setMenu(menu);
    mProfileButton->setToolTip(tr("Profile: click a row or column, or drag a line on the picture, to plot the values "
                                  "along it under the picture (the arrow chooses horizontal, vertical or a free "
                                  "line; the panel under the picture its width); Esc removes the line"));
    connect(mProfileButton, &QToolButton::clicked, this,
            [this](bool on) { emit profileToolChosen(on ? mLastProfile : ProfileTool::None); });
    addWidget(mProfileButton);
}

void HeatmapToolBar::sync(const State &state)
{
    mState = state;
    mMapBox->setCurrentIndex(int(state.colormap));
    mReverseBox->setChecked(state.reversed);
    mRangeBox->setCurrentIndex(int(state.range.mode));
    const bool manual = state.range.mode == npy::RangeMode::Manual;
    mSettingsForm->setRowVisible(mManualRow, manual);
    if (manual) {
        mLowEdit->setText(QLocale().toString(state.range.manualLow, 'g', 8));
        mHighEdit->setText(QLocale().toString(state.range.manualHigh, 'g', 8));
    }
    mScaleBox->setCurrentIndex(int(state.range.scale));
    mPartBox->setCurrentIndex(int(state.part));
    mSettingsForm->setRowVisible(mPartBox, state.complex);
    mReductionBox->setCurrentIndex(int(state.reduction));
    mAspectAction->setChecked(state.aspectLocked);
    mHistogramAction->setChecked(state.histogramShown);
    const bool profiling = state.profileTool != ProfileTool::None;
    if (profiling)
        mLastProfile = state.profileTool;
    mProfileButton->setChecked(profiling);
    for (qsizetype i = 0; i < mProfileActions.size(); ++i)
        mProfileActions[i]->setChecked(int(state.profileTool) == i + 1);
    updateSettingsButton();
}

void HeatmapToolBar::updateSettingsButton()
{
    // The button names the settings in force, so they are seen without opening the panel.
    QString text = mRangeBox->currentText();
    if (mScaleBox->currentIndex() != int(npy::ColorScale::Linear))
        text += QStringLiteral(", ") + mScaleBox->currentText();
    if (mState.complex)
        text += QStringLiteral(", ") + mPartBox->currentText();
    mSettingsButton->setText(text);
}

void HeatmapToolBar::manualEdited()
{
    bool ok1 = false, ok2 = false;
    const double lo = QLocale().toDouble(mLowEdit->text(), &ok1);
    const double hi = QLocale().toDouble(mHighEdit->text(), &ok2);
    if (ok1 && ok2 && (lo != mState.range.manualLow || hi != mState.range.manualHigh))
        emit manualRangeEdited(lo, hi);
}

} // namespace npyw
