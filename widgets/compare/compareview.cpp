#include "compareview.h"
#include "jobpool.h"
#include "opensource.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleValidator>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace npyw {

namespace {

QString indexText(const QList<qint64> &index)
{
    return npy::pyTupleRepr(index);
}

QString numberText(double v)
{
    return QString::number(v, 'g', 17);
}

QColor statusColor(npy::MemberStatus status)
{
    switch (status) {
    case npy::MemberStatus::Same:
        return QColor(0, 120, 0);
    case npy::MemberStatus::Differs:
        return QColor(190, 0, 0);
    case npy::MemberStatus::Incomparable:
        return QColor(150, 80, 0);
    default:
        return QColor(0, 70, 160);
    }
}

} // namespace

CompareView::CompareView(QWidget *parent) : QWidget(parent), mPair(std::make_shared<ComparePair>())
{
    setAcceptDrops(true);
    mModelA = new CompareTableModel(mPair, true, this);
    mModelB = new CompareTableModel(mPair, false, this);

    auto *controls = new QHBoxLayout;
    mRtol = new QLineEdit(QStringLiteral("0"), this);
    mAtol = new QLineEdit(QStringLiteral("0"), this);
    for (QLineEdit *e : {mRtol, mAtol}) {
        auto *validator = new QDoubleValidator(0, 1e300, 17, e);
        validator->setLocale(QLocale::c());
        e->setValidator(validator);
        e->setMaximumWidth(90);
        connect(e, &QLineEdit::textEdited, this, [this]() { readTolerances(); });
    }
    mEqualNan = new QCheckBox(tr("NaN equals NaN"), this);
    connect(mEqualNan, &QCheckBox::toggled, this, [this]() { readTolerances(); });
    mMode = new QComboBox(this);
    mMode->addItems({tr("A − B"), tr("|A − B|"), tr("|A − B| / |B|")});
    connect(mMode, &QComboBox::currentIndexChanged, this, [this]() { renderHeatmap(); });
    auto *previous = new QPushButton(tr("◀ Previous"), this);
    auto *next = new QPushButton(tr("Next ▶"), this);
    previous->setToolTip(tr("Previous difference (Shift+F3)"));
    next->setToolTip(tr("Next difference (F3)"));
    connect(previous, &QPushButton::clicked, this, [this]() { previousDifference(); });
    connect(next, &QPushButton::clicked, this, [this]() { nextDifference(); });
    auto *copy = new QPushButton(tr("Copy differences"), this);
    auto *exportButton = new QPushButton(tr("Export CSV…"), this);
    connect(copy, &QPushButton::clicked, this, [this]() { copyDifferences(); });
    connect(exportButton, &QPushButton::clicked, this, [this]() { exportDialog(); });
    controls->addWidget(new QLabel(tr("rtol"), this));
    controls->addWidget(mRtol);
    controls->addWidget(new QLabel(tr("atol"), this));
    controls->addWidget(mAtol);
    controls->addWidget(mEqualNan);
    controls->addStretch(1);
    controls->addWidget(previous);
    controls->addWidget(next);
    controls->addWidget(copy);
    controls->addWidget(exportButton);

    mSummary = new QLabel(this);
    mSummary->setTextFormat(Qt::PlainText);
    mSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mMembers = new QListWidget(this);
    mMembers->setMaximumWidth(260);
    connect(mMembers, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row != mCurrent)
            showMember(row, true);
    });

    mTableA = new QTableView(this);
    mTableB = new QTableView(this);
    mTableA->setModel(mModelA);
    mTableB->setModel(mModelB);
    for (QTableView *t : {mTableA, mTableB}) {
        t->setSelectionMode(QAbstractItemView::SingleSelection);
        t->horizontalHeader()->setDefaultSectionSize(90);
        // A number is never broken over lines ("0." above "0028651776"): a narrow column elides it, as the
        // member table does.
        t->setWordWrap(false);
        t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        t->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    }
    // Lock-step: scrolling and the current cell follow the other table.
    auto link = [this](QScrollBar *x, QScrollBar *y) {
        connect(x, &QScrollBar::valueChanged, y, &QScrollBar::setValue);
        connect(y, &QScrollBar::valueChanged, x, &QScrollBar::setValue);
    };
    link(mTableA->verticalScrollBar(), mTableB->verticalScrollBar());
    link(mTableA->horizontalScrollBar(), mTableB->horizontalScrollBar());
    auto follow = [this](QTableView *from, QTableView *to) {
        connect(from->selectionModel(), &QItemSelectionModel::currentChanged, this,
                [this, to](const QModelIndex &current) {
                    if (mSyncing)
                        return;
                    mSyncing = true;
                    to->setCurrentIndex(to->model()->index(current.row(), current.column()));
                    mSyncing = false;
                });
    };
    follow(mTableA, mTableB);
    connect(mTableA->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                mCanvas->setMarker(current.isValid() ? current.row() : -1, current.isValid() ? current.column() : -1);
            });
    follow(mTableB, mTableA);

    mCanvas = new DifferenceCanvas(this);
    mCanvas->resized = [this]() { renderHeatmap(); };
    mCanvas->clicked = [this](qint64 row, qint64 col) { setCurrentElement(mPair->flatAt(row, col)); };
    mLegend = new QLabel(this);
    auto *heatmapBox = new QWidget(this);
    auto *heatmapLayout = new QVBoxLayout(heatmapBox);
    heatmapLayout->setContentsMargins(0, 0, 0, 0);
    heatmapLayout->addWidget(mMode);
    heatmapLayout->addWidget(mCanvas, 1);
    heatmapLayout->addWidget(mLegend);

    auto *tables = new QSplitter(Qt::Horizontal, this);
    auto titled = [this](const QString &title, QWidget *w) {
        auto *box = new QWidget(this);
        auto *l = new QVBoxLayout(box);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(new QLabel(title, box));
        l->addWidget(w, 1);
        return box;
    };
    tables->addWidget(titled(tr("A"), mTableA));
    tables->addWidget(titled(tr("B"), mTableB));
    tables->addWidget(heatmapBox);
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 3);
    tables->setStretchFactor(2, 4);

    mSliceBar = new QWidget(this);
    mSliceLayout = new QHBoxLayout(mSliceBar);
    mSliceLayout->setContentsMargins(0, 0, 0, 0);
    mSliceBar->hide();

    auto *right = new QVBoxLayout;
    right->addWidget(mSummary);
    right->addWidget(mSliceBar);
    right->addWidget(tables, 1);
    auto *body = new QHBoxLayout;
    body->addWidget(mMembers);
    body->addLayout(right, 1);
    auto *top = new QVBoxLayout(this);
    top->addLayout(controls);
    top->addLayout(body, 1);

    auto *f3 = new QShortcut(QKeySequence(Qt::Key_F3), this);
    f3->setContext(Qt::WidgetWithChildrenShortcut);
    connect(f3, &QShortcut::activated, this, [this]() { nextDifference(); });
    auto *shiftF3 = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3), this);
    shiftF3->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shiftF3, &QShortcut::activated, this, [this]() { previousDifference(); });
    // As a window of its own (showWindow()), Esc, Ctrl+W and the platform's Close keys close it (each key
    // once: two shortcuts on one key would be ambiguous and neither would fire).
    QList<QKeySequence> closeKeys = QKeySequence::keyBindings(QKeySequence::Close);
    for (const QKeySequence &key : {QKeySequence(Qt::CTRL | Qt::Key_W), QKeySequence(Qt::Key_Escape)})
        if (!closeKeys.contains(key))
            closeKeys.append(key);
    for (const QKeySequence &key : std::as_const(closeKeys)) {
        auto *close = new QShortcut(key, this);
        close->setContext(Qt::WindowShortcut);
        connect(close, &QShortcut::activated, this, [this]() {
            if (isWindow())
                this->close();
        });
    }
}

namespace {

QStringList localFiles(const QMimeData *mime)
{
    QStringList files;
    if (mime && mime->hasUrls()) {
        for (const QUrl &url : mime->urls())
            if (url.isLocalFile())
                files << url.toLocalFile();
    }
    return files;
}

} // namespace

void CompareView::dragEnterEvent(QDragEnterEvent *event)
{
    const QStringList files = localFiles(event->mimeData());
    if (!files.isEmpty() && files.size() <= 2)
        event->acceptProposedAction();
}

void CompareView::dropEvent(QDropEvent *event)
{
    const QStringList files = localFiles(event->mimeData());
    if (files.isEmpty() || files.size() > 2 || (files.size() == 1 && !mSourceA))
        return;
    const QString a = files.size() == 2 ? files[0] : mSourceA->path();
    QString error;
    if (!open(a, files.last(), &error))
        QMessageBox::warning(this, tr("Compare"), error);
    event->acceptProposedAction();
}

bool CompareView::open(const QString &pathA, const QString &pathB, QString *error)
{
    auto a = npy::openSource(pathA);
    auto b = a ? npy::openSource(pathB) : a;
    auto pairs = a && b ? npy::pairMembers(*a.value(), *b.value(), {})
                        : npy::Result<QList<npy::MemberPair>>::failure(a ? b.error() : a.error());
    if (!pairs) {
        if (error)
            *error = pairs.error();
        return false;
    }
    mSourceA = a.value();
    mSourceB = b.value();
    mPairs = pairs.value();
    setWindowTitle(tr("Compare %1 with %2").arg(QFileInfo(pathA).fileName(), QFileInfo(pathB).fileName()));
    mReload = true;
    recompute();
    mTableA->setFocus();
    return true;
}

void CompareView::setOptions(const npy::CompareOptions &options)
{
    mRtol->setText(numberText(options.rtol));
    mAtol->setText(numberText(options.atol));
    const QSignalBlocker block(mEqualNan);
    mEqualNan->setChecked(options.equalNan);
    mOptions = options;
    recompute();
}

void CompareView::readTolerances()
{
    bool okR = false;
    bool okA = false;
    const double rtol = QLocale::c().toDouble(mRtol->text(), &okR);
    const double atol = QLocale::c().toDouble(mAtol->text(), &okA);
    mOptions.rtol = okR && std::isfinite(rtol) && rtol >= 0 ? rtol : 0;
    mOptions.atol = okA && std::isfinite(atol) && atol >= 0 ? atol : 0;
    mOptions.equalNan = mEqualNan->isChecked();
    recompute();
}

CompareView::~CompareView()
{
    if (mCancel)
        mCancel->store(true);
}

void CompareView::recompute()
{
    if (!mSourceA || !mSourceB)
        return;
    // Compare on a worker; a newer request (a tolerance typed) cancels the one under way.
    if (mCancel)
        mCancel->store(true);
    auto cancel = std::make_shared<std::atomic_bool>(false);
    mCancel = cancel;
    mComparing = true;
    mSummary->setText(tr("Comparing…"));
    npy::CompareOptions options = mOptions;
    options.firstCount = 0;
    auto job = [a = mSourceA, b = mSourceB, pairs = mPairs, options, cancel]() {
        npy::Progress progress;
        progress.cancel = cancel.get();
        QList<npy::MemberDiff> diffs;
        for (const npy::MemberPair &p : pairs) {
            if (cancel->load())
                break;
            auto d = npy::compareMembers(*a, p.a, *b, p.b, options, progress);
            npy::MemberDiff diff;
            if (d) {
                diff = d.value();
            } else {
                diff.status = npy::MemberStatus::Incomparable;
                diff.reason = d.error();
            }
            diff.name = p.name;
            diffs.append(diff);
        }
        return diffs;
    };
    auto *watcher = new QFutureWatcher<QList<npy::MemberDiff>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, cancel]() {
        watcher->deleteLater();
        if (!cancel->load())
            applyComparison(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(jobPool(), job));
}

void CompareView::applyComparison(const QList<npy::MemberDiff> &diffs)
{
    mComparing = false;
    const bool sameMembers = diffs.size() == mDiffs.size();
    mDiffs = diffs;
    updateMemberList();
    int current = sameMembers ? mCurrent : -1;
    if (current < 0 || current >= mDiffs.size()) {
        current = 0;
        for (int i = 0; i < mDiffs.size(); ++i) {
            if (mDiffs[i].status == npy::MemberStatus::Differs) {
                current = i;
                break;
            }
        }
    }
    if (!mDiffs.isEmpty())
        showMember(current, current != mCurrent || !sameMembers || mReload);
    mReload = false;
    Q_EMIT compared();
}

void CompareView::updateMemberList()
{
    const QSignalBlocker block(mMembers);
    mMembers->clear();
    for (const npy::MemberDiff &d : std::as_const(mDiffs)) {
        QString text = d.name + QStringLiteral(" — ") + npy::memberStatusName(d.status);
        if (d.compared && d.count > 0)
            text += QStringLiteral(" (%1)").arg(d.count);
        auto *item = new QListWidgetItem(text, mMembers);
        item->setForeground(statusColor(d.status));
        if (!d.reason.isEmpty())
            item->setToolTip(d.reason);
    }
    if (mCurrent >= 0 && mCurrent < mMembers->count())
        mMembers->setCurrentRow(mCurrent);
}

void CompareView::selectMember(int i)
{
    if (i >= 0 && i < mDiffs.size())
        showMember(i, i != mCurrent);
}

void CompareView::showMember(int i, bool reload)
{
    const qint64 keep = reload ? -1 : currentElement();
    mCurrent = i;
    {
        const QSignalBlocker block(mMembers);
        mMembers->setCurrentRow(i);
    }
    const npy::MemberPair &p = mPairs[i];
    const npy::MemberDiff &d = mDiffs[i];
    if (reload) {
        mMemberError.clear();
        mPair->setArrays({}, {});
        if (d.compared) {
            auto a = mSourceA->load(p.a);
            auto b = a ? mSourceB->load(p.b) : a;
            if (a && b)
                mPair->setArrays(a.value(), b.value());
            else
                mMemberError = a ? b.error() : a.error();
        }
        rebuildSliceBar();
    }
    mPair->comparator.reset();
    if (d.compared && mPair->total() > 0) {
        auto cmp = npy::ElementComparator::create(mPair->a.dtype(), mPair->b.dtype(), mOptions);
        if (cmp)
            mPair->comparator = cmp.value();
    }
    mModelA->refresh();
    mModelB->refresh();
    updateSummary();
    renderHeatmap();
    if (keep >= 0)
        setCurrentElement(keep);
}

QString CompareView::summaryText() const
{
    return mSummary->text();
}

void CompareView::updateSummary()
{
    if (mCurrent < 0 || mCurrent >= mDiffs.size()) {
        mSummary->clear();
        return;
    }
    const npy::MemberDiff &d = mDiffs[mCurrent];
    QString text = d.name + QStringLiteral(": ");
    if (d.compared) {
        text += tr("%1 of %2 elements differ").arg(d.count).arg(d.total);
        if (d.hasMaxAbs)
            text += tr(", max |A − B| %1 at %2").arg(numberText(d.maxAbs), indexText(d.maxAbsIndex));
        if (d.nanMismatch > 0)
            text += tr(", %1 NaN mismatches").arg(d.nanMismatch);
        if (d.dtypeDiffers)
            text += QStringLiteral(" (") + d.reason + QLatin1Char(')');
    } else {
        text += npy::memberStatusName(d.status);
        if (!d.reason.isEmpty())
            text += QStringLiteral(": ") + d.reason;
    }
    if (!mMemberError.isEmpty())
        text += QStringLiteral(" — ") + mMemberError;
    mSummary->setText(text);
}

void CompareView::renderHeatmap()
{
    const DifferenceMode mode = mMode->currentIndex() == 1   ? DifferenceMode::Absolute
                                : mMode->currentIndex() == 2 ? DifferenceMode::Relative
                                                             : DifferenceMode::Signed;
    // One pixel per element when the canvas has room, else the exact reduction of each pixel's block.
    mHeatmap = renderDifferences(*mPair, mode, mCanvas->size().expandedTo(QSize(16, 16)));
    mCanvas->setImage(mHeatmap.image, mPair->rows, mPair->cols);
    if (mHeatmap.image.isNull()) {
        mLegend->setText(tr("no difference heatmap"));
        return;
    }
    mLegend->setText(tr("%1 … %2, NaN mismatch magenta").arg(numberText(mHeatmap.low), numberText(mHeatmap.high)));
}

qint64 CompareView::currentElement() const
{
    return mModelA->flatOf(mTableA->currentIndex());
}

void CompareView::setCurrentElement(qint64 flat)
{
    if (flat < 0 || flat >= mPair->total())
        return;
    if (!mModelA->indexOfFlat(flat).isValid()) {
        // Another slice of an N-d member: both tables and the heatmap move to it.
        qint64 row = 0;
        qint64 col = 0;
        mPair->showSliceOf(flat, &row, &col);
        syncSliceBar();
        showSlice();
    }
    const QModelIndex index = mModelA->indexOfFlat(flat);
    if (!index.isValid())
        return;
    mTableA->setCurrentIndex(index);
    mTableA->scrollTo(index, QAbstractItemView::PositionAtCenter);
    mTableB->scrollTo(mModelB->index(index.row(), index.column()), QAbstractItemView::PositionAtCenter);
}

CompareView *CompareView::showWindow(const QString &pathA, const QString &pathB, QWidget *parent)
{
    auto *view = new CompareView;
    view->setAttribute(Qt::WA_DeleteOnClose);
    QString error;
    if (!view->open(pathA, pathB, &error)) {
        QMessageBox::warning(parent, tr("Compare"), error);
        delete view;
        return nullptr;
    }
    // 1200 x 700, or less on a smaller screen (its toolbar was cut at 1024 x 700).
    QSize size(1200, 700);
    if (const QScreen *screen = parent ? parent->screen() : QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size());
    view->resize(size);
    view->show();
    return view;
}

CompareView *CompareView::chooseAndShow(QWidget *parent, const QString &pathA)
{
    const QString filter = tr("NumPy files (*.npy *.npz);;All files (*)");
    QString a = pathA;
    if (a.isEmpty())
        a = QFileDialog::getOpenFileName(parent, tr("Compare: file A"), QString(), filter);
    if (a.isEmpty())
        return nullptr;
    const QString b = QFileDialog::getOpenFileName(parent, tr("Compare %1 with…").arg(QFileInfo(a).fileName()),
                                                   QFileInfo(a).absolutePath(), filter);
    return b.isEmpty() ? nullptr : showWindow(a, b, parent);
}

} // namespace npyw
