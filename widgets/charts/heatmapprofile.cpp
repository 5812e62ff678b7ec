#include "heatmapprofile.h"

#include "profilejobs.h"
#include "profileplot.h"
#include "viewtransform.h"

#include <QHBoxLayout>
#include <QLineF>
#include <QMenu>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace npyw {

namespace {

npy::ProfileKind kindOf(ProfileTool tool)
{
    switch (tool) {
    case ProfileTool::Column: return npy::ProfileKind::Column;
    case ProfileTool::Line: return npy::ProfileKind::Line;
    default: return npy::ProfileKind::Row;
    }
}

ProfileTool toolOf(npy::ProfileKind kind)
{
    switch (kind) {
    case npy::ProfileKind::Row: return ProfileTool::Row;
    case npy::ProfileKind::Column: return ProfileTool::Column;
    case npy::ProfileKind::Line: return ProfileTool::Line;
    }
    return ProfileTool::Row;
}

/** Distance from \a p to the segment \a a - \a b. */
double segmentDistance(QPointF p, QPointF a, QPointF b)
{
    const QPointF d = b - a;
    const double len2 = QPointF::dotProduct(d, d);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, d) / len2, 0.0, 1.0) : 0.0;
    return QLineF(p, a + t * d).length();
}

/** \a moving pulled onto the nearest of the eight directions (steps of 45 degrees) from \a fixed. */
QPointF snapped(QPointF fixed, QPointF moving)
{
    const double dx = moving.x() - fixed.x(), dy = moving.y() - fixed.y();
    const double ax = std::abs(dx), ay = std::abs(dy);
    constexpr double kTan67 = 2.414213562373095; // tan(67.5 degrees): halfway between a diagonal and an axis
    if (ax > kTan67 * ay)
        return QPointF(moving.x(), fixed.y());
    if (ay > kTan67 * ax)
        return QPointF(fixed.x(), moving.y());
    // The shorter side keeps both ends inside the slice.
    const double m = std::min(ax, ay);
    return QPointF(fixed.x() + std::copysign(m, dx), fixed.y() + std::copysign(m, dy));
}

} // namespace

HeatmapProfile::HeatmapProfile(QWidget *view, HeatmapCanvas *canvas, const ViewTransform *transform,
                               std::function<QString()> exportStem)
    : QObject(view), mView(view), mExportStem(std::move(exportStem)), mCanvas(canvas), mTransform(transform)
{
    mJobs = new ProfileScheduler([this](ProfileResult &&r) { takeResult(std::move(r)); }, this);
    mPanel = new QWidget(view);
    mPanel->setObjectName(QStringLiteral("profilePanel"));
    auto *layout = new QVBoxLayout(mPanel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    // One row of controls: the kind, the width, copy and export; the title is the plot's caption.
    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->setSpacing(2);
    auto addButton = [this, header](const char *name, const QString &text, const QString &tip) {
        auto *b = new QToolButton(mPanel);
        b->setObjectName(QLatin1String(name));
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        header->addWidget(b);
        return b;
    };
    const QList<QPair<ProfileTool, QString>> kinds = {{ProfileTool::Row, tr("Row")},
                                                      {ProfileTool::Column, tr("Column")},
                                                      {ProfileTool::Line, tr("Line")}};
    const char *names[] = {"profileRowButton", "profileColumnButton", "profileLineButton"};
    const QString tips[] = {tr("Horizontal: click or drag on the picture to take the row under the mouse"),
                            tr("Vertical: click or drag on the picture to take the column under the mouse"),
                            tr("Free line: drag from one element to another (Shift: in steps of 45°); drag its ends "
                               "or the line to move it")};
    for (qsizetype i = 0; i < kinds.size(); ++i) {
        QToolButton *b = addButton(names[i], kinds[i].second, tips[i]);
        b->setCheckable(true);
        const ProfileTool tool = kinds[i].first;
        connect(b, &QToolButton::clicked, this, [this, tool]() { setTool(tool); });
        mKindButtons << b;
    }
    mWidthBox = new QSpinBox(mPanel);
    mWidthBox->setObjectName(QStringLiteral("profileWidth"));
    mWidthBox->setRange(1, int(npy::kMaxProfileWidth));
    mWidthBox->setPrefix(tr("width "));
    mWidthBox->setToolTip(tr("The profile's width in elements: each point is the mean of this many elements across "
                             "the line (NaN left out; clipped at the edge)"));
    connect(mWidthBox, &QSpinBox::valueChanged, this, [this](int w) { setWidth(w); });
    header->addWidget(mWidthBox);
    header->addStretch(1);
    // The output in one menu: the row stays narrower than the heatmap in a default window.
    QToolButton *output =
        addButton("profileOutput", tr("Export"), tr("Copy the profile as NumPy code or save it as CSV"));
    output->setPopupMode(QToolButton::InstantPopup);
    auto *outputMenu = new QMenu(output);
    outputMenu->addAction(tr("Copy Profile as &NumPy Code"), this, &HeatmapProfile::copyNumpyCode)
        ->setObjectName(QStringLiteral("profileCopyCode"));
    outputMenu->addAction(tr("Export Profile as &CSV…"), this, &HeatmapProfile::exportCsv)
        ->setObjectName(QStringLiteral("profileExportCsv"));
    output->setMenu(outputMenu);
    auto *headerRow = new QWidget(mPanel);
    headerRow->setLayout(header);
    // Never wider than the picture: in a narrow pane the row is cut rather than widening the window's panes.
    headerRow->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    layout->addWidget(headerRow);
    mPlot = new ProfilePlot(mPanel);
    mPlot->setObjectName(QStringLiteral("profilePlot"));
    mPlot->setPointText([this](qint64 i) { return pointText(i); });
    layout->addWidget(mPlot, 1);
    mPanel->setVisible(false);
    connect(mPlot, &ProfilePlot::pointHovered, this, [this](qint64 i) {
        mMarker = i;
        updateOverlay();
    });
    connect(canvas, &HeatmapCanvas::toolPressed, this, &HeatmapProfile::press);
    connect(canvas, &HeatmapCanvas::toolDragged, this, &HeatmapProfile::drag);
    connect(canvas, &HeatmapCanvas::toolReleased, this, &HeatmapProfile::release);
    connect(canvas, &HeatmapCanvas::escapePressed, this, &HeatmapProfile::clearLine);
}

HeatmapProfile::~HeatmapProfile() = default;

// ------------------------------------------------------------------------------------------------ the tool

void HeatmapProfile::setTool(ProfileTool tool)
{
    if (tool == mTool)
        return;
    mTool = tool;
    for (qsizetype i = 0; i < mKindButtons.size(); ++i)
        mKindButtons[i]->setChecked(int(tool) == i + 1);
    mCanvas->setToolActive(tool != ProfileTool::None);
    mPanel->setVisible(tool != ProfileTool::None);
    if (tool == ProfileTool::None || (mHaveLine && mGeometry.kind != kindOf(tool)))
        clearLine();
    else
        updateTitle();
    if (!mHaveLine)
        mPlot->setMessage(idleMessage());
    emit toolChanged();
}

void HeatmapProfile::setWidth(qint64 width)
{
    width = std::clamp<qint64>(width, 1, npy::kMaxProfileWidth);
    if (width == mWidth)
        return;
    mWidth = width;
    {
        const QSignalBlocker block(mWidthBox);
        mWidthBox->setValue(int(width));
    }
    if (mHaveLine) {
        npy::ProfileGeometry g = mGeometry;
        g.width = width;
        place(g);
    }
    emit toolChanged();
}

void HeatmapProfile::setGeometry(const npy::ProfileGeometry &geometry)
{
    if (mAccess.rows() <= 0 || mAccess.cols() <= 0)
        return;
    setTool(toolOf(geometry.kind));
    setWidth(geometry.width);
    npy::ProfileGeometry g = geometry;
    g.width = mWidth;
    const double lastRow = double(mAccess.rows() - 1), lastCol = double(mAccess.cols() - 1);
    auto clampTo = [](double v, double last) { return std::isfinite(v) ? std::clamp(v, 0.0, last) : 0.0; };
    g.row0 = clampTo(g.row0, lastRow);
    g.row1 = clampTo(g.row1, lastRow);
    g.col0 = clampTo(g.col0, lastCol);
    g.col1 = clampTo(g.col1, lastCol);
    if (g.kind == npy::ProfileKind::Row)
        g.row0 = std::floor(g.row0);
    else if (g.kind == npy::ProfileKind::Column)
        g.col0 = std::floor(g.col0);
    place(g);
}

void HeatmapProfile::clearLine()
{
    mJobs->cancel();
    mHaveLine = false;
    mGrab = Grab::None;
    mProfile.reset();
    mError.clear();
    mMarker = -1;
    mPlot->setMessage(idleMessage());
    updateTitle();
    updateOverlay();
}

void HeatmapProfile::place(const npy::ProfileGeometry &g)
{
    const bool changed = !mHaveLine || g != mGeometry;
    if (changed)
        mProfile.reset();
    mGeometry = g;
    mHaveLine = true;
    updateTitle();
    updateOverlay();
    if (changed)
        request();
}

// ------------------------------------------------------------------------------------------------ the data

void HeatmapProfile::setSource(const npy::SliceAccess &access, const npy::NpyHeader &header,
                               const npy::SliceSpec &spec, const QString &key)
{
    const bool sameShape = access.rows() == mAccess.rows() && access.cols() == mAccess.cols();
    mAccess = access;
    mHeader = header;
    mSpec = spec;
    if (access.rows() <= 0 || access.cols() <= 0) {
        mKey = key;
        clearLine();
        return;
    }
    if (key == mKey && sameShape)
        return;
    mKey = key;
    if (!mHaveLine)
        return;
    // The same line on the new slice (clamped into it when it is smaller): a new key, so computed again.
    mProfile.reset();
    mHaveLine = false;
    setGeometry(mGeometry);
}

void HeatmapProfile::setAxisLabels(const AxisLabels &rows, const AxisLabels &columns)
{
    mRowLabels = rows;
    mColLabels = columns;
    updateTitle();
    if (mPlot->profile())
        plotProfile(mPlot->profile());
}

void HeatmapProfile::plotProfile(std::shared_ptr<const npy::Profile> profile)
{
    const npy::ProfileKind kind = profile->geometry.kind;
    QString axisName = tr("distance (elements)");
    if (kind == npy::ProfileKind::Row)
        axisName = mColLabels.isCoordinate() ? mColLabels.name() : tr("column");
    else if (kind == npy::ProfileKind::Column)
        axisName = mRowLabels.isCoordinate() ? mRowLabels.name() : tr("row");
    mPlot->setProfile(std::move(profile), kind == npy::ProfileKind::Row ? mColLabels : mRowLabels, axisName);
}

bool HeatmapProfile::isComputing() const
{
    return mJobs->isBusy();
}

void HeatmapProfile::request()
{
    if (!mHaveLine || mAccess.rows() <= 0 || mAccess.cols() <= 0)
        return;
    ProfileJob job;
    job.access = mAccess;
    job.geometry = mGeometry;
    job.key = mKey;
    mJobs->request(job);
    updateTitle();
}

void HeatmapProfile::takeResult(ProfileResult &&r)
{
    if (r.key != mKey || !mHaveLine)
        return; // computed for another slice or data
    if (!r.profile) {
        mError = r.error;
        mProfile.reset();
        mPlot->setMessage(r.error);
        updateTitle();
        return;
    }
    mError.clear();
    // Each result is shown as it comes (a line being dragged); profile() is the current line's only.
    mProfile = r.profile->geometry == mGeometry ? r.profile : nullptr;
    plotProfile(r.profile);
    updateTitle();
    updateOverlay();
    emit profileChanged();
}

// ----------------------------------------------------------------------------------------------- the mouse

QPointF HeatmapProfile::elementAt(QPointF canvasPos) const
{
    const QPointF s = mTransform->canvasToSlice(canvasPos);
    return QPointF(std::clamp(std::floor(s.x()), 0.0, double(mAccess.cols() - 1)),
                   std::clamp(std::floor(s.y()), 0.0, double(mAccess.rows() - 1)));
}

void HeatmapProfile::press(QPointF canvasPos, Qt::KeyboardModifiers)
{
    if (mTool == ProfileTool::None || mAccess.rows() <= 0 || mAccess.cols() <= 0)
        return;
    const QPointF e = elementAt(canvasPos);
    npy::ProfileGeometry g;
    g.kind = kindOf(mTool);
    g.width = mWidth;
    if (mTool == ProfileTool::Line && mHaveLine && mGeometry.kind == npy::ProfileKind::Line) {
        const QPointF a = mTransform->sliceToCanvas(QPointF(mGeometry.col0 + 0.5, mGeometry.row0 + 0.5));
        const QPointF b = mTransform->sliceToCanvas(QPointF(mGeometry.col1 + 0.5, mGeometry.row1 + 0.5));
        constexpr double kGrab = 8.0;
        if (QLineF(canvasPos, b).length() <= kGrab) {
            mGrab = Grab::End;
            return;
        }
        if (QLineF(canvasPos, a).length() <= kGrab) {
            mGrab = Grab::Start;
            return;
        }
        if (segmentDistance(canvasPos, a, b) <= kGrab - 2.0) {
            mGrab = Grab::Whole;
            const QPointF s = mTransform->canvasToSlice(canvasPos);
            mGrabElement = QPointF(std::floor(s.x()), std::floor(s.y()));
            mGrabGeometry = mGeometry;
            return;
        }
    }
    mGrab = Grab::NewLine;
    g.row0 = g.row1 = e.y();
    g.col0 = g.col1 = e.x();
    place(g);
}

void HeatmapProfile::drag(QPointF canvasPos, Qt::KeyboardModifiers modifiers)
{
    if (mGrab == Grab::None || !mHaveLine)
        return;
    QPointF e = elementAt(canvasPos);
    npy::ProfileGeometry g = mGeometry;
    const bool snap = modifiers & Qt::ShiftModifier;
    switch (mGrab) {
    case Grab::None: return;
    case Grab::NewLine:
    case Grab::End:
        if (g.kind == npy::ProfileKind::Row) {
            g.row0 = e.y();
            break;
        }
        if (g.kind == npy::ProfileKind::Column) {
            g.col0 = e.x();
            break;
        }
        if (snap)
            e = snapped(QPointF(g.col0, g.row0), e);
        g.row1 = e.y();
        g.col1 = e.x();
        break;
    case Grab::Start:
        if (snap)
            e = snapped(QPointF(g.col1, g.row1), e);
        g.row0 = e.y();
        g.col0 = e.x();
        break;
    case Grab::Whole: {
        // The whole line follows the mouse, as far as both ends stay inside the slice.
        const QPointF s = mTransform->canvasToSlice(canvasPos);
        const npy::ProfileGeometry &o = mGrabGeometry;
        const double lastRow = double(mAccess.rows() - 1), lastCol = double(mAccess.cols() - 1);
        const double dr = std::clamp(std::floor(s.y()) - mGrabElement.y(), -std::min(o.row0, o.row1),
                                     lastRow - std::max(o.row0, o.row1));
        const double dc = std::clamp(std::floor(s.x()) - mGrabElement.x(), -std::min(o.col0, o.col1),
                                     lastCol - std::max(o.col0, o.col1));
        g.row0 = o.row0 + dr;
        g.row1 = o.row1 + dr;
        g.col0 = o.col0 + dc;
        g.col1 = o.col1 + dc;
        break;
    }
    }
    place(g);
}

void HeatmapProfile::release()
{
    mGrab = Grab::None;
}

// -------------------------------------------------------------------------------------------- what it shows

void HeatmapProfile::updateOverlay()
{
    ProfileOverlay o;
    if (mHaveLine && mAccess.rows() > 0) {
        const npy::ProfileGeometry &g = mGeometry;
        const double rows = double(mAccess.rows()), cols = double(mAccess.cols());
        const double w = double(g.width);
        if (g.kind == npy::ProfileKind::Row || g.kind == npy::ProfileKind::Column) {
            const bool isRow = g.kind == npy::ProfileKind::Row;
            const double at = isRow ? g.row0 : g.col0;
            const double first = std::max(0.0, at - double((g.width - 1) / 2));
            const double end = std::min(isRow ? rows : cols, at - double((g.width - 1) / 2) + w);
            if (g.width > 1)
                o.band = QPolygonF(isRow ? QRectF(0, first, cols, end - first) : QRectF(first, 0, end - first, rows));
            o.line = isRow ? QLineF(0, at + 0.5, cols, at + 0.5) : QLineF(at + 0.5, 0, at + 0.5, rows);
        } else {
            const QPointF p0(g.col0 + 0.5, g.row0 + 0.5), p1(g.col1 + 0.5, g.row1 + 0.5);
            const double length = QLineF(p0, p1).length();
            const QPointF u = length > 0 ? (p1 - p0) / length : QPointF(1, 0);
            const QPointF n(-u.y(), u.x());
            const QPointF a = p0 - 0.5 * u, b = p1 + 0.5 * u;
            if (g.width > 1)
                o.band << a + n * w / 2 << b + n * w / 2 << b - n * w / 2 << a - n * w / 2;
            o.line = QLineF(p0, p1);
            o.handles = true;
        }
        const std::shared_ptr<const npy::Profile> &shown = mPlot->profile();
        if (shown && mMarker >= 0 && mMarker < shown->size()) {
            const size_t i = size_t(mMarker);
            o.hasMarker = true;
            o.marker = QPointF(double(shown->cols[i]) + 0.5, double(shown->rows[i]) + 0.5);
            if (shown->geometry.kind == npy::ProfileKind::Line && shown->length > 0) {
                const npy::ProfileGeometry &s = shown->geometry;
                const double t = shown->positions[i] / shown->length;
                o.marker = QPointF(s.col0 + t * (s.col1 - s.col0) + 0.5, s.row0 + t * (s.row1 - s.row0) + 0.5);
            }
        }
    }
    mCanvas->setOverlay(o);
}

} // namespace npyw
