#include "heatmapview.h"

#include "heatmaprenderer.h"
#include "valuetext.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDoubleValidator>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QImageWriter>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace npyw {

namespace {

constexpr double kMaxScale = 512.0; // pixels per element
constexpr int kColorBarWidth = 96;
constexpr int kDragThreshold = 4;

/** Where value \a v sits along the colour scale, 0 at the low end and 1 at the high end. */
double scalePosition(double v, double lo, double hi, ColorScale scale)
{
    if (!(hi > lo))
        return 0.0;
    switch (scale) {
    case ColorScale::Linear:
        return (v - lo) / (hi - lo);
    case ColorScale::Log:
        if (v <= 0 || lo <= 0)
            return 0.0;
        return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    case ColorScale::Sqrt: {
        const double t = (v - lo) / (hi - lo);
        return t > 0 ? std::sqrt(t) : 0.0;
    }
    }
    return 0.0;
}

/** Everything a colorbar needs (so the widget and the PNG export paint the same bar). */
struct ColorBarModel
{
    ColorTable table{};
    SpecialColors colors;
    RangeStats stats;
    ColorScale scale = ColorScale::Linear;
    bool isBool = false;
    bool valid = false;
};

void paintColorBar(QPainter &p, const QRect &area, const ColorBarModel &m, const QColor &text)
{
    if (!m.valid)
        return;
    const QFontMetrics fm = p.fontMetrics();
    const int lineH = fm.height();
    QList<QPair<QString, QRgb>> specials;
    const QString approx = m.stats.sampled ? QStringLiteral("≈") : QString();
    if (m.stats.nanCount)
        specials << qMakePair(QStringLiteral("NaN %1%2").arg(approx).arg(m.stats.nanCount), m.colors.nan);
    if (m.stats.posInfCount)
        specials << qMakePair(QStringLiteral("+Inf %1%2").arg(approx).arg(m.stats.posInfCount), m.colors.posInf);
    if (m.stats.negInfCount)
        specials << qMakePair(QStringLiteral("−Inf %1%2").arg(approx).arg(m.stats.negInfCount), m.colors.negInf);
    const int specialsH = int(specials.size()) * (lineH + 2);
    const QRect bar(area.left() + 6, area.top() + lineH / 2 + 4, 14,
                    std::max(10, area.height() - lineH - 8 - specialsH - (specials.isEmpty() ? 0 : 6)));
    for (int y = 0; y < bar.height(); ++y) {
        const int i = std::clamp(int((1.0 - (y + 0.5) / bar.height()) * kColormapSize), 0, kColormapSize - 1);
        p.setPen(QColor::fromRgb(m.table[size_t(i)]));
        p.drawLine(bar.left(), bar.top() + y, bar.right(), bar.top() + y);
    }
    p.setPen(text);
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar.adjusted(0, 0, -1, -1));

    auto yOf = [&](double v) {
        return bar.bottom() - scalePosition(v, m.stats.low, m.stats.high, m.scale) * (bar.height() - 1);
    };
    auto tick = [&](double v, const QString &label) {
        const int y = int(std::lround(yOf(v)));
        p.drawLine(bar.right() + 1, y, bar.right() + 4, y);
        p.drawText(QRect(bar.right() + 7, y - lineH / 2, area.right() - bar.right() - 7, lineH),
                   Qt::AlignLeft | Qt::AlignVCenter, label);
    };
    const double lo = m.stats.low, hi = m.stats.high;
    if (m.isBool) {
        tick(0.0, QStringLiteral("False"));
        tick(1.0, QStringLiteral("True"));
    } else if (!(hi > lo)) {
        tick(lo, tickLabel(lo, std::abs(lo) > 0 ? std::abs(lo) * 1e-6 : 1.0));
    } else {
        const int count = std::max(2, bar.height() / (lineH * 4));
        if (m.scale == ColorScale::Log && lo > 0 && hi / lo >= 100) {
            const int k0 = int(std::ceil(std::log10(lo) - 1e-9)), k1 = int(std::floor(std::log10(hi) + 1e-9));
            const int every = std::max(1, (k1 - k0 + 1 + count - 1) / count);
            for (int k = k0; k <= k1; k += every)
                tick(std::pow(10.0, k), QStringLiteral("1e%1").arg(k));
        } else {
            const QList<double> ticks = niceTicks(lo, hi, count);
            const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : (hi - lo);
            for (double v : ticks)
                if (m.scale != ColorScale::Log || v > 0)
                    tick(v, tickLabel(v, step));
        }
    }
    int y = bar.bottom() + 8;
    for (const auto &s : specials) {
        const QRect sw(bar.left(), y + 1, bar.width(), lineH - 2);
        p.fillRect(sw, QColor::fromRgba(s.second));
        p.drawRect(sw.adjusted(0, 0, -1, -1));
        p.drawText(QRect(bar.right() + 7, y, area.right() - bar.right() - 7, lineH), Qt::AlignLeft | Qt::AlignVCenter,
                   s.first);
        y += lineH + 2;
    }
}

QIcon colormapIcon(Colormap map)
{
    const ColorTable t = colormapTable(map);
    QImage img(64, 12, QImage::Format_RGB32);
    for (int x = 0; x < 64; ++x)
        for (int y = 0; y < 12; ++y)
            img.setPixel(x, y, t[size_t(x * 4)]);
    return QIcon(QPixmap::fromImage(img));
}

} // namespace

// ---------------------------------------------------------------------------------- free helpers

QList<double> niceTicks(double lo, double hi, int count)
{
    QList<double> ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo) || count < 1)
        return ticks;
    const double raw = (hi - lo) / count;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / mag;
    const double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
    const double first = std::ceil(lo / step - 1e-9) * step;
    for (int i = 0; i < 1000; ++i) {
        const double v = first + i * step;
        if (v > hi + step * 1e-9)
            break;
        ticks << v;
    }
    return ticks;
}

QString tickLabel(double value, double step)
{
    if (step > 0 && std::isfinite(step))
        value = std::round(value / step) * step;
    if (value == 0.0)
        return QStringLiteral("0");
    // Enough significant digits to tell ticks apart, no more.
    int digits = 3;
    if (step > 0 && std::isfinite(step))
        digits = std::clamp(int(std::floor(std::log10(std::abs(value)))) - int(std::floor(std::log10(step))) + 1, 1, 15);
    QString s = QString::number(value, 'g', std::max(digits, 1));
    s.replace(QLatin1Char('-'), QChar(0x2212));
    return s;
}

// ------------------------------------------------------------------------------- ColorBar widget

class ColorBar : public QWidget
{
public:
    explicit ColorBar(HeatmapView *view) : QWidget(view), mView(view) { setFixedWidth(kColorBarWidth); }
    ColorBarModel model;

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        paintColorBar(p, rect(), model, palette().color(QPalette::WindowText));
    }

private:
    HeatmapView *mView;
};

// --------------------------------------------------------------------------------- canvas widget

class HeatmapCanvas : public QWidget
{
public:
    explicit HeatmapCanvas(HeatmapView *view) : QWidget(view), mView(view)
    {
        setMouseTracking(true);
        setFocusPolicy(Qt::StrongFocus);
        setMinimumSize(120, 120);
        setAttribute(Qt::WA_OpaquePaintEvent);
    }

    enum class Drag { None, Press, Pan, Box };
    Drag drag = Drag::None;
    Qt::MouseButton button = Qt::NoButton;
    bool boxMode = false;
    QPointF pressPos;
    QPointF lastPos;
    QRectF box;

protected:
    void paintEvent(QPaintEvent *) override;
    void resizeEvent(QResizeEvent *) override;
    void mousePressEvent(QMouseEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;
    void mouseReleaseEvent(QMouseEvent *e) override;
    void mouseDoubleClickEvent(QMouseEvent *e) override;
    void wheelEvent(QWheelEvent *e) override;
    void leaveEvent(QEvent *) override;
    void keyPressEvent(QKeyEvent *e) override;

private:
    void hover(QPointF pos);
    void contextMenu(QPointF pos);
    HeatmapView *mView;
};

void HeatmapCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QColor background = palette().color(QPalette::Window).darker(115);
    p.fillRect(rect(), background);
    const HeatmapView &v = *mView;
    if (!v.mError.isEmpty() || v.mAccess.rows() == 0) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                   v.mError.isEmpty() ? tr("Nothing to draw") : v.mError);
        return;
    }
    if (!v.mImage.isNull()) {
        const QRectF target(v.sliceToCanvas(v.mImageArea.topLeft()), v.sliceToCanvas(v.mImageArea.bottomRight()));
        p.drawImage(target, v.mImage);
    }
    // The slice's outline.
    const QRectF whole(v.sliceToCanvas(QPointF(0, 0)),
                       v.sliceToCanvas(QPointF(double(v.mAccess.cols()), double(v.mAccess.rows()))));
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.drawRect(whole.adjusted(-0.5, -0.5, 0.5, 0.5));
    // The table's selection.
    for (const CellRange &r : v.mSelection) {
        const QRectF cells(v.sliceToCanvas(QPointF(double(r.col), double(r.row))),
                           v.sliceToCanvas(QPointF(double(r.col + r.cols), double(r.row + r.rows))));
        const QRectF outline = cells.adjusted(-1, -1, 1, 1).intersected(QRectF(rect()).adjusted(-4, -4, 4, 4));
        if (outline.isEmpty() && !cells.intersects(rect()))
            continue;
        p.setPen(QPen(Qt::white, 3));
        p.drawRect(outline);
        p.setPen(QPen(Qt::black, 1));
        p.drawRect(outline);
    }
    if (drag == Drag::Box) {
        p.setPen(QPen(Qt::white, 1, Qt::DashLine));
        p.setBrush(QColor(255, 255, 255, 40));
        p.drawRect(box.normalized());
    }
}

void HeatmapCanvas::resizeEvent(QResizeEvent *)
{
    if (mView->mFitted || !mView->mHaveView)
        mView->fitToView();
    else
        mView->setView(mView->mOrigin, mView->mScaleX, mView->mScaleY);
}

void HeatmapCanvas::mousePressEvent(QMouseEvent *e)
{
    button = e->button();
    pressPos = lastPos = e->position();
    boxMode = e->button() == Qt::RightButton || (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier));
    drag = Drag::Press;
    box = QRectF();
    e->accept();
}

void HeatmapCanvas::mouseMoveEvent(QMouseEvent *e)
{
    const QPointF pos = e->position();
    if (drag == Drag::Press && (pos - pressPos).manhattanLength() > kDragThreshold)
        drag = boxMode ? Drag::Box : button == Qt::LeftButton ? Drag::Pan : Drag::None;
    if (drag == Drag::Pan) {
        const QPointF d = pos - lastPos;
        mView->mFitted = false;
        mView->setView(mView->mOrigin - QPointF(d.x() / mView->mScaleX, d.y() / mView->mScaleY), mView->mScaleX,
                       mView->mScaleY);
    } else if (drag == Drag::Box) {
        box = QRectF(pressPos, pos);
        update();
    }
    lastPos = pos;
    hover(pos);
}

void HeatmapCanvas::mouseReleaseEvent(QMouseEvent *e)
{
    const QPointF pos = e->position();
    if (drag == Drag::Press) {
        qint64 row = 0, col = 0;
        if (button == Qt::LeftButton && !boxMode && mView->cellAt(pos, &row, &col))
            emit mView->cellClicked(row, col);
        else if (button == Qt::RightButton)
            contextMenu(pos);
    } else if (drag == Drag::Box) {
        const QRectF r = QRectF(pressPos, pos).normalized();
        if (r.width() > kDragThreshold && r.height() > kDragThreshold) {
            const QRectF area(mView->canvasToSlice(r.topLeft()), mView->canvasToSlice(r.bottomRight()));
            mView->setVisibleArea(area);
        }
    }
    drag = Drag::None;
    update();
}

void HeatmapCanvas::mouseDoubleClickEvent(QMouseEvent *e)
{
    if (e->button() == Qt::LeftButton)
        mView->fitToView();
}

void HeatmapCanvas::wheelEvent(QWheelEvent *e)
{
    const double steps = e->angleDelta().y() / 120.0;
    if (steps != 0.0)
        mView->zoomAt(std::pow(1.25, steps), e->position());
    e->accept();
}

void HeatmapCanvas::leaveEvent(QEvent *)
{
    mView->mHover.clear();
    mView->updateStatus();
    emit mView->hoverLeft();
}

void HeatmapCanvas::keyPressEvent(QKeyEvent *e)
{
    const QPointF centre(width() / 2.0, height() / 2.0);
    switch (e->key()) {
    case Qt::Key_F: mView->fitToView(); break;
    case Qt::Key_1: mView->zoomOneToOne(); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: mView->zoomAt(1.25, centre); break;
    case Qt::Key_Minus: mView->zoomAt(0.8, centre); break;
    default: QWidget::keyPressEvent(e); return;
    }
}

void HeatmapCanvas::hover(QPointF pos)
{
    qint64 row = 0, col = 0;
    if (mView->cellAt(pos, &row, &col)) {
        mView->mHover = mView->hoverText(row, col);
        mView->updateStatus();
        emit mView->cellHovered(row, col, mView->mHover);
    } else if (!mView->mHover.isEmpty()) {
        mView->mHover.clear();
        mView->updateStatus();
        emit mView->hoverLeft();
    }
}

void HeatmapCanvas::contextMenu(QPointF pos)
{
    QMenu menu(this);
    qint64 row = 0, col = 0;
    if (mView->cellAt(pos, &row, &col)) {
        menu.addAction(tr("Plot row %1").arg(row), mView, [this, row] { emit mView->plotRowRequested(row); });
        menu.addAction(tr("Plot column %1").arg(col), mView, [this, col] { emit mView->plotColumnRequested(col); });
        menu.addSeparator();
    }
    menu.addAction(tr("Fit"), mView, &HeatmapView::fitToView);
    menu.addAction(tr("Zoom 1:1"), mView, &HeatmapView::zoomOneToOne);
    menu.addSeparator();
    menu.addAction(tr("Copy image"), mView, &HeatmapView::copyImageToClipboard);
    menu.addAction(tr("Export PNG…"), mView, &HeatmapView::exportPng);
    menu.exec(mapToGlobal(pos.toPoint()));
}

// ------------------------------------------------------------------------------------ rendering

struct HeatmapView::Job
{
    SliceAccess access;
    SampleRequest request;
    RangeOptions range;
    bool needRange = true;
    RangeStats stats;
    QString rangeKey;
    quint64 generation = 0;
    qreal dpr = 1.0;
    std::shared_ptr<std::atomic_bool> cancel;
};

struct HeatmapView::Result
{
    quint64 generation = 0;
    bool cancelled = false;
    std::vector<quint16> indices;
    QSize size;
    QRectF area;
    qreal dpr = 1.0;
    RangeStats stats;
    QString rangeKey;
};

HeatmapView::HeatmapView(QWidget *parent) : QWidget(parent)
{
    mWatcher = new QFutureWatcher<std::shared_ptr<Result>>(this);
    connect(mWatcher, &QFutureWatcherBase::finished, this, &HeatmapView::renderDone);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    mToolBar = new QToolBar(this);
    mToolBar->setIconSize(QSize(16, 16));
    layout->addWidget(mToolBar);
    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(2);
    mCanvas = new HeatmapCanvas(this);
    mColorBar = new ColorBar(this);
    row->addWidget(mCanvas, 1);
    row->addWidget(mColorBar);
    layout->addLayout(row, 1);
    mStatus = new QLabel(this);
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStatus->setMinimumWidth(50);
    mStatus->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(mStatus);
    buildToolbar();
    syncControls();
}

HeatmapView::~HeatmapView()
{
    if (mCancel)
        mCancel->store(true);
    mWatcher->waitForFinished();
}

void HeatmapView::buildToolbar()
{
    mMapBox = new QComboBox(mToolBar);
    mMapBox->setToolTip(tr("Colormap"));
    for (int i = 0; i < kColormapCount; ++i)
        mMapBox->addItem(colormapIcon(Colormap(i)), colormapName(Colormap(i)));
    mMapBox->setIconSize(QSize(48, 10));
    mToolBar->addWidget(mMapBox);
    connect(mMapBox, &QComboBox::activated, this, [this](int i) { setColormap(Colormap(i)); });
    mReverseAction = mToolBar->addAction(tr("Reverse"), this, [this](bool on) { setReversed(on); });
    mReverseAction->setCheckable(true);
    mReverseAction->setToolTip(tr("Reverse the colormap"));
    mToolBar->addSeparator();

    mRangeBox = new QComboBox(mToolBar);
    mRangeBox->setToolTip(tr("Colour range (NaN and ±Inf are left out)"));
    for (RangeMode m : {RangeMode::MinMax, RangeMode::Percentile1, RangeMode::Percentile01, RangeMode::Symmetric,
                        RangeMode::Manual})
        mRangeBox->addItem(rangeModeName(m));
    mToolBar->addWidget(mRangeBox);
    connect(mRangeBox, &QComboBox::activated, this, [this](int i) {
        if (RangeMode(i) == RangeMode::Manual)
            setManualRange(mStats.low, mStats.high); // start from the range shown
        else
            setRangeMode(RangeMode(i));
    });
    auto makeEdit = [this](const QString &tip) {
        auto *e = new QLineEdit(mToolBar);
        e->setToolTip(tip);
        e->setFixedWidth(80);
        e->setValidator(new QDoubleValidator(e));
        connect(e, &QLineEdit::editingFinished, this, [this] {
            bool ok1 = false, ok2 = false;
            const double lo = QLocale().toDouble(mLowEdit->text(), &ok1);
            const double hi = QLocale().toDouble(mHighEdit->text(), &ok2);
            if (ok1 && ok2 && (lo != mRange.manualLow || hi != mRange.manualHigh))
                setManualRange(lo, hi);
        });
        return e;
    };
    mLowEdit = makeEdit(tr("Low end of the manual range"));
    mHighEdit = makeEdit(tr("High end of the manual range"));
    mLowAction = mToolBar->addWidget(mLowEdit);
    mHighAction = mToolBar->addWidget(mHighEdit);

    mScaleBox = new QComboBox(mToolBar);
    mScaleBox->setToolTip(tr("Colour scale"));
    for (ColorScale s : {ColorScale::Linear, ColorScale::Log, ColorScale::Sqrt})
        mScaleBox->addItem(colorScaleName(s));
    mToolBar->addWidget(mScaleBox);
    connect(mScaleBox, &QComboBox::activated, this, [this](int i) { setScale(ColorScale(i)); });

    mPartBox = new QComboBox(mToolBar);
    mPartBox->setToolTip(tr("Complex values drawn as"));
    for (ComplexPart c : {ComplexPart::Magnitude, ComplexPart::Phase, ComplexPart::Real, ComplexPart::Imag})
        mPartBox->addItem(complexPartName(c));
    mPartAction = mToolBar->addWidget(mPartBox);
    connect(mPartBox, &QComboBox::activated, this, [this](int i) { setComplexPart(ComplexPart(i)); });

    mReductionBox = new QComboBox(mToolBar);
    mReductionBox->setToolTip(tr("When a screen pixel covers several elements"));
    for (Reduction r : {Reduction::Stride, Reduction::MaxPool, Reduction::MinPool})
        mReductionBox->addItem(reductionName(r));
    mToolBar->addWidget(mReductionBox);
    connect(mReductionBox, &QComboBox::activated, this, [this](int i) { setReduction(Reduction(i)); });
    mToolBar->addSeparator();

    mToolBar->addAction(tr("Fit"), this, &HeatmapView::fitToView)->setToolTip(tr("Fit the slice to the view (F)"));
    mToolBar->addAction(tr("1:1"), this, &HeatmapView::zoomOneToOne)->setToolTip(tr("One element per pixel (1)"));
    mAspectAction = mToolBar->addAction(tr("Lock aspect"), this, [this](bool on) { setAspectLocked(on); });
    mAspectAction->setCheckable(true);
    mAspectAction->setToolTip(tr("Keep elements square"));
    mToolBar->addSeparator();
    mToolBar->addAction(tr("Copy"), this, &HeatmapView::copyImageToClipboard)
        ->setToolTip(tr("Copy the picture with its colorbar"));
    mToolBar->addAction(tr("Export…"), this, &HeatmapView::exportPng)
        ->setToolTip(tr("Save the picture with its colorbar as PNG"));
}

void HeatmapView::syncControls()
{
    mMapBox->setCurrentIndex(int(mColormap));
    mReverseAction->setChecked(mReversed);
    mRangeBox->setCurrentIndex(int(mRange.mode));
    const bool manual = mRange.mode == RangeMode::Manual;
    mLowAction->setVisible(manual);
    mHighAction->setVisible(manual);
    if (manual) {
        mLowEdit->setText(QLocale().toString(mRange.manualLow, 'g', 8));
        mHighEdit->setText(QLocale().toString(mRange.manualHigh, 'g', 8));
    }
    mScaleBox->setCurrentIndex(int(mRange.scale));
    mPartBox->setCurrentIndex(int(mPart));
    mPartAction->setVisible(mAccess.isComplex());
    mReductionBox->setCurrentIndex(int(mReduction));
    mAspectAction->setChecked(mAspectLocked);
}

// ------------------------------------------------------------------------------------- data

void HeatmapView::setArray(const npy::NpyArray &array, const SliceSpec &spec)
{
    mArray = array;
    mSpec = spec;
    ++mDataVersion;
    rebuildAccess(true);
}

void HeatmapView::setSlice(const SliceSpec &spec)
{
    if (spec == mSpec)
        return;
    mSpec = spec;
    rebuildAccess(true);
}

void HeatmapView::clear(const QString &message)
{
    mArray = npy::NpyArray();
    mAccess = SliceAccess();
    mError = message;
    mImage = QImage();
    mIndices.clear();
    mHaveStats = false;
    mColorBar->model.valid = false;
    ++mGeneration;
    if (mCancel)
        mCancel->store(true);
    syncControls();
    updateStatus();
    mCanvas->update();
    mColorBar->update();
}

void HeatmapView::rebuildAccess(bool keepView)
{
    const qint64 oldRows = mAccess.rows(), oldCols = mAccess.cols();
    auto access = SliceAccess::create(mArray, mSpec, mPart);
    if (!access) {
        const QString why = access.error();
        clear(why);
        return;
    }
    mAccess = access.value();
    mError = mAccess.rows() == 0 || mAccess.cols() == 0 ? tr("The array has no elements") : QString();
    mHaveStats = mHaveStats && keepView;
    if (!keepView || oldRows != mAccess.rows() || oldCols != mAccess.cols() || !mHaveView) {
        mImage = QImage();
        mFitted = true;
        fitToView();
    }
    syncControls();
    scheduleRender();
}

// ---------------------------------------------------------------------------------- options

void HeatmapView::setColormap(Colormap map)
{
    mColormap = map;
    syncControls();
    recolor();
}

void HeatmapView::setReversed(bool reversed)
{
    mReversed = reversed;
    syncControls();
    recolor();
}

void HeatmapView::setSpecialColors(const SpecialColors &colors)
{
    mColors = colors;
    recolor();
}

void HeatmapView::setRangeMode(RangeMode mode)
{
    mRange.mode = mode;
    syncControls();
    scheduleRender();
}

void HeatmapView::setManualRange(double low, double high)
{
    mRange.mode = RangeMode::Manual;
    mRange.manualLow = std::min(low, high);
    mRange.manualHigh = std::max(low, high);
    syncControls();
    scheduleRender();
}

void HeatmapView::setScale(ColorScale scale)
{
    mRange.scale = scale;
    syncControls();
    scheduleRender();
}

void HeatmapView::setComplexPart(ComplexPart part)
{
    if (part == mPart)
        return;
    mPart = part;
    if (!mArray.isNull())
        rebuildAccess(true);
    syncControls();
}

void HeatmapView::setReduction(Reduction reduction)
{
    mReduction = reduction;
    syncControls();
    scheduleRender();
}

void HeatmapView::setSelection(const QList<CellRange> &ranges)
{
    if (ranges == mSelection)
        return;
    mSelection = ranges;
    mCanvas->update();
}

void HeatmapView::ensureVisible(qint64 row, qint64 col)
{
    const QRectF area = visibleArea();
    const QPointF cell(double(col) + 0.5, double(row) + 0.5);
    if (area.contains(cell))
        return;
    mFitted = false;
    setView(cell - QPointF(area.width() / 2, area.height() / 2), mScaleX, mScaleY);
}

// ------------------------------------------------------------------------------- navigation

QWidget *HeatmapView::canvas() const
{
    return mCanvas;
}

QPointF HeatmapView::canvasToSlice(QPointF p) const
{
    return QPointF(mOrigin.x() + p.x() / mScaleX, mOrigin.y() + p.y() / mScaleY);
}

QPointF HeatmapView::sliceToCanvas(QPointF s) const
{
    return QPointF((s.x() - mOrigin.x()) * mScaleX, (s.y() - mOrigin.y()) * mScaleY);
}

bool HeatmapView::cellAt(QPointF canvasPos, qint64 *row, qint64 *col) const
{
    const QPointF s = canvasToSlice(canvasPos);
    if (!(s.x() >= 0) || !(s.y() >= 0) || s.x() >= double(mAccess.cols()) || s.y() >= double(mAccess.rows()))
        return false;
    *row = qint64(s.y());
    *col = qint64(s.x());
    return true;
}

QRectF HeatmapView::visibleArea() const
{
    return QRectF(mOrigin, QSizeF(mCanvas->width() / mScaleX, mCanvas->height() / mScaleY));
}

void HeatmapView::setView(QPointF origin, double sx, double sy)
{
    mOrigin = origin;
    mScaleX = sx;
    mScaleY = sy;
    mHaveView = true;
    clampView();
    mCanvas->update();
    emit visibleAreaChanged(visibleArea());
    scheduleRender();
}

void HeatmapView::clampView()
{
    const double rows = double(std::max<qint64>(1, mAccess.rows()));
    const double cols = double(std::max<qint64>(1, mAccess.cols()));
    const double w = std::max(1, mCanvas->width()), h = std::max(1, mCanvas->height());
    // Zoom out to a quarter of "fit" at most, in to kMaxScale pixels per element.
    const double minX = std::min(w / cols, h / rows) / 4, minY = minX;
    const QPointF centre = canvasToSlice(QPointF(w / 2, h / 2));
    const double sx = std::clamp(mScaleX, std::min(minX, w / cols / 4), kMaxScale);
    const double sy = std::clamp(mScaleY, std::min(minY, h / rows / 4), kMaxScale);
    if (sx != mScaleX || sy != mScaleY) {
        mScaleX = sx;
        mScaleY = sy;
        mOrigin = centre - QPointF(w / 2 / sx, h / 2 / sy);
    }
    // Keep part of the slice on screen.
    const double vw = w / mScaleX, vh = h / mScaleY;
    mOrigin.setX(std::clamp(mOrigin.x(), -vw * 0.9, cols - vw * 0.1));
    mOrigin.setY(std::clamp(mOrigin.y(), -vh * 0.9, rows - vh * 0.1));
}

void HeatmapView::fitToView()
{
    const double rows = double(std::max<qint64>(1, mAccess.rows()));
    const double cols = double(std::max<qint64>(1, mAccess.cols()));
    const double w = std::max(1, mCanvas->width()), h = std::max(1, mCanvas->height());
    double sx = w / cols, sy = h / rows;
    if (mAspectLocked)
        sx = sy = std::min(sx, sy);
    mFitted = true;
    setView(QPointF(cols / 2 - w / 2 / sx, rows / 2 - h / 2 / sy), sx, sy);
}

void HeatmapView::zoomOneToOne()
{
    const QPointF centre = canvasToSlice(QPointF(mCanvas->width() / 2.0, mCanvas->height() / 2.0));
    const double s = 1.0 / mCanvas->devicePixelRatioF();
    mFitted = false;
    setView(centre - QPointF(mCanvas->width() / 2.0 / s, mCanvas->height() / 2.0 / s), s, s);
}

void HeatmapView::zoomAt(double factor, QPointF canvasPos)
{
    const QPointF s = canvasToSlice(canvasPos);
    const double sx = std::min(mScaleX * factor, kMaxScale), sy = std::min(mScaleY * factor, kMaxScale);
    mFitted = false;
    setView(QPointF(s.x() - canvasPos.x() / sx, s.y() - canvasPos.y() / sy), sx, sy);
}

void HeatmapView::setVisibleArea(const QRectF &area)
{
    if (area.isEmpty())
        return;
    const double w = std::max(1, mCanvas->width()), h = std::max(1, mCanvas->height());
    double sx = w / area.width(), sy = h / area.height();
    if (mAspectLocked)
        sx = sy = std::min(sx, sy);
    mFitted = false;
    const QPointF c = area.center();
    setView(QPointF(c.x() - w / 2 / sx, c.y() - h / 2 / sy), sx, sy);
}

void HeatmapView::setAspectLocked(bool locked)
{
    mAspectLocked = locked;
    syncControls();
    if (locked && mScaleX != mScaleY) {
        const QPointF c = canvasToSlice(QPointF(mCanvas->width() / 2.0, mCanvas->height() / 2.0));
        const double s = std::min(mScaleX, mScaleY);
        setView(c - QPointF(mCanvas->width() / 2.0 / s, mCanvas->height() / 2.0 / s), s, s);
    } else if (mFitted) {
        fitToView();
    }
}

// -------------------------------------------------------------------------------- rendering

void HeatmapView::scheduleRender()
{
    ++mGeneration;
    if (mScheduled)
        return;
    mScheduled = true;
    QTimer::singleShot(0, this, [this] {
        if (mScheduled)
            startRender();
    });
}

void HeatmapView::flushRender()
{
    if (mScheduled)
        startRender();
}

bool HeatmapView::isRendering() const
{
    return mWatcher->isRunning();
}

void HeatmapView::startRender()
{
    mScheduled = false;
    if (mWatcher->isRunning()) {
        // Ask the running (now stale) render to stop; renderDone() starts the next one.
        mPending = true;
        if (mCancel)
            mCancel->store(true);
        return;
    }
    mPending = false;
    if (!mError.isEmpty() || mAccess.rows() == 0 || mAccess.cols() == 0)
        return;
    const qreal dpr = mCanvas->devicePixelRatioF();
    const QSize out(int(std::ceil(mCanvas->width() * dpr)), int(std::ceil(mCanvas->height() * dpr)));
    if (out.isEmpty())
        return;
    Job job;
    job.access = mAccess;
    job.request.source = visibleArea();
    job.request.output = out;
    job.request.reduction = mReduction;
    job.range = mRange;
    job.rangeKey = QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9")
                       .arg(mDataVersion)
                       .arg(mSpec.rowAxis)
                       .arg(mSpec.colAxis)
                       .arg(mSpec.field)
                       .arg(int(mPart))
                       .arg(int(mRange.mode))
                       .arg(int(mRange.scale))
                       .arg(mRange.manualLow, 0, 'g', 17)
                       .arg(mRange.manualHigh, 0, 'g', 17);
    for (qint64 i : mSpec.index)
        job.rangeKey += QLatin1Char(',') + QString::number(i);
    job.needRange = !mHaveStats || job.rangeKey != mRangeKey;
    job.stats = mStats;
    job.generation = mGeneration;
    job.dpr = dpr;
    mCancel = std::make_shared<std::atomic_bool>(false);
    job.cancel = mCancel;
    mWatcher->setFuture(QtConcurrent::run(&HeatmapView::runJob, std::move(job)));
}

std::shared_ptr<HeatmapView::Result> HeatmapView::runJob(const Job &job)
{
    auto r = std::make_shared<HeatmapView::Result>();
    r->generation = job.generation;
    r->area = job.request.source;
    r->dpr = job.dpr;
    r->rangeKey = job.rangeKey;
    r->stats = job.stats;
    if (job.needRange)
        r->stats = computeRange(job.access, job.range, job.cancel.get());
    SampledImage sampled;
    if (job.cancel->load() || !sampleSlice(job.access, job.request, &sampled, job.cancel.get())) {
        r->cancelled = true;
        return r;
    }
    mapToIndices(sampled, ColorMapping{r->stats.low, r->stats.high, job.range.scale}, &r->indices);
    r->size = sampled.size;
    return r;
}

void HeatmapView::renderDone()
{
    const std::shared_ptr<Result> r = mWatcher->future().result();
    if (!r || r->cancelled || r->generation != mGeneration) {
        ++mDropped;
    } else {
        mIndices = std::move(r->indices);
        mIndexSize = r->size;
        mImageArea = r->area;
        mImageDpr = r->dpr;
        mStats = r->stats;
        mHaveStats = true;
        mRangeKey = r->rangeKey;
        recolor();
        emit renderFinished(r->generation);
    }
    if (mPending || (r && r->generation != mGeneration && !mScheduled))
        startRender();
}

void HeatmapView::recolor()
{
    if (!mIndices.empty()) {
        colorize(mIndices, mIndexSize, colormapTable(mColormap, mReversed), mColors, &mImage);
        mImage.setDevicePixelRatio(mImageDpr);
    }
    ColorBarModel &m = mColorBar->model;
    m.table = colormapTable(mColormap, mReversed);
    m.colors = mColors;
    m.stats = mStats;
    m.scale = mRange.scale;
    m.isBool = mAccess.isBool();
    m.valid = mHaveStats && mError.isEmpty();
    mColorBar->update();
    mCanvas->update();
    updateStatus();
}

// ---------------------------------------------------------------------------------- status

QString HeatmapView::hoverText(qint64 row, qint64 col) const
{
    QStringList idx;
    const npy::NpyHeader &h = mArray.header();
    for (int i = 0; i < h.shape.size(); ++i)
        idx << QString::number(i == mSpec.rowAxis ? row : i == mSpec.colAxis ? col : mSpec.index.value(i));
    QString text = QStringLiteral("[%1]").arg(idx.join(QStringLiteral(", ")));
    if (mSpec.field >= 0 && h.dtype.kind == npy::Kind::Struct) {
        const QList<npy::LeafColumn> leaves = npy::leafColumns(h.dtype);
        if (mSpec.field < leaves.size())
            text += QStringLiteral(" '%1'").arg(leaves[mSpec.field].name);
    }
    text += QStringLiteral(" = ") + mAccess.text(row, col);
    if (mAccess.isComplex() && mPart != ComplexPart::Real)
        text += QStringLiteral("  (%1 %2)").arg(complexPartName(mPart).toLower()).arg(mAccess.value(row, col), 0, 'g', 6);
    return text;
}

QString HeatmapView::rangeText() const
{
    if (!mHaveStats)
        return QString();
    QString s = tr("range %1 … %2").arg(mStats.low, 0, 'g', 6).arg(mStats.high, 0, 'g', 6);
    const QString approx = mStats.sampled ? QStringLiteral("≈") : QString();
    if (mStats.nanCount)
        s += tr(", NaN %1%2").arg(approx).arg(mStats.nanCount);
    if (mStats.posInfCount)
        s += tr(", +Inf %1%2").arg(approx).arg(mStats.posInfCount);
    if (mStats.negInfCount)
        s += tr(", −Inf %1%2").arg(approx).arg(mStats.negInfCount);
    if (mRange.scale == ColorScale::Log && mStats.nonPositiveCount)
        s += tr(", %1%2 ≤ 0 not on the log scale").arg(approx).arg(mStats.nonPositiveCount);
    if (mStats.sampled)
        s += tr(" (from a sample of %1 of %2 elements)").arg(mStats.examined).arg(mStats.elements);
    const double perPixel = 1.0 / (std::min(mScaleX, mScaleY) * mCanvas->devicePixelRatioF());
    if (perPixel > 1.5)
        s += tr("; 1 pixel ≈ %1 × %1 elements (%2)").arg(perPixel, 0, 'g', 3).arg(reductionName(mReduction).toLower());
    return s;
}

void HeatmapView::updateStatus()
{
    QStringList parts;
    if (!mHover.isEmpty())
        parts << mHover;
    const QString range = rangeText();
    if (!range.isEmpty())
        parts << range;
    mStatus->setText(parts.join(QStringLiteral("   ·   ")));
}

// ---------------------------------------------------------------------------------- output

QImage HeatmapView::exportImage() const
{
    if (mImage.isNull())
        return QImage();
    const QSize pic = (QSizeF(mImage.size()) / mImageDpr).toSize();
    // Only the part of the picture that shows the slice.
    const QRectF whole(sliceToCanvas(QPointF(0, 0)),
                       sliceToCanvas(QPointF(double(mAccess.cols()), double(mAccess.rows()))));
    const QRectF imageRect(sliceToCanvas(mImageArea.topLeft()), sliceToCanvas(mImageArea.bottomRight()));
    const QRect crop = whole.intersected(imageRect).toAlignedRect().intersected(QRect(QPoint(0, 0), pic));
    const int barW = kColorBarWidth;
    const int height = std::max(crop.height(), 160);
    QImage out(crop.width() + barW, height, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::white);
    QPainter p(&out);
    p.drawImage(QRectF(0, 0, crop.width(), crop.height()), mImage,
                QRectF(crop.x() * mImageDpr, crop.y() * mImageDpr, crop.width() * mImageDpr, crop.height() * mImageDpr));
    paintColorBar(p, QRect(crop.width(), 0, barW, height), mColorBar->model, Qt::black);
    p.end();
    return out;
}

bool HeatmapView::saveImage(const QString &path, QString *error) const
{
    const QImage img = exportImage();
    if (img.isNull()) {
        if (error)
            *error = tr("nothing to export");
        return false;
    }
    QImageWriter writer(path, "png");
    if (!writer.write(img)) {
        if (error)
            *error = writer.errorString();
        return false;
    }
    return true;
}

void HeatmapView::copyImageToClipboard() const
{
    const QImage img = exportImage();
    if (!img.isNull())
        QApplication::clipboard()->setImage(img);
}

void HeatmapView::exportPng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export heatmap"), QString(), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveImage(path, &error))
        mStatus->setText(tr("Could not save %1: %2").arg(path, error));
}

} // namespace npyw
