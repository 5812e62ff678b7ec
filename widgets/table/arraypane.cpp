#include "arraypane.h"

#include "arraytablemodel.h"
#include "document.h"
#include "find.h"
#include "findbar.h"
#include "hugetableview.h"
#include "slicebar.h"
#include "stats.h"
#include "valuedelegate.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <vector>

namespace npyw {

namespace {

constexpr qint64 kLiveStatsLimit = 200000;  ///< most cells the status bar sums on each selection change
constexpr qint64 kCopyLimit = 2000000;      ///< most cells pasted into or filled at once

QString shapeKey(const npy::NpyHeader &h)
{
    return h.shapeText() + QLatin1Char('|') + h.dtype.descr();
}

} // namespace

ArrayPane::ArrayPane(Document *document, QWidget *parent)
    : QWidget(parent), mDocument(document), mModel(new ArrayTableModel(document, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    mStack = new QStackedWidget(this);
    layout->addWidget(mStack);

    // Table page: format bar, slice bar, table.
    mTablePage = new QWidget(mStack);
    auto *tl = new QVBoxLayout(mTablePage);
    tl->setContentsMargins(0, 0, 0, 0);
    tl->setSpacing(0);
    auto *formatBar = new QWidget(mTablePage);
    auto *fl = new QHBoxLayout(formatBar);
    fl->setContentsMargins(4, 2, 4, 2);
    mPrecision = new QSpinBox(formatBar);
    mPrecision->setObjectName(QStringLiteral("precision"));
    mPrecision->setRange(-1, 40);
    mPrecision->setSpecialValueText(tr("shortest"));
    mPrecision->setToolTip(tr("Digits shown; “shortest” shows what round-trips exactly, as NumPy does"));
    mNotation = new QComboBox(formatBar);
    mNotation->setObjectName(QStringLiteral("notation"));
    mNotation->addItem(tr("Auto"), int(npy::FormatOptions::Notation::Auto));
    mNotation->addItem(tr("Fixed"), int(npy::FormatOptions::Notation::Fixed));
    mNotation->addItem(tr("Scientific"), int(npy::FormatOptions::Notation::Scientific));
    mHex = new QCheckBox(tr("Hex"), formatBar);
    mHex->setToolTip(tr("Integers in hexadecimal"));
    mColour = new QCheckBox(tr("Colour by value"), formatBar);
    fl->addWidget(new QLabel(tr("Precision:"), formatBar));
    fl->addWidget(mPrecision);
    fl->addWidget(mNotation);
    fl->addWidget(mHex);
    fl->addWidget(mColour);
    fl->addStretch(1);
    mSliceBar = new SliceBar(mTablePage);
    mTable = new HugeTableView(mTablePage);
    mTable->setModel(mModel);
    mTable->view()->setItemDelegate(new ValueDelegate(mTable->view()));
    // The format bar may be cut at the right rather than make the pane (and the window) wider than the screen.
    formatBar->setSizePolicy(QSizePolicy::Ignored, formatBar->sizePolicy().verticalPolicy());
    tl->addWidget(formatBar);
    tl->addWidget(mSliceBar);
    tl->addWidget(mTable, 1);
    mFindBar = new FindBar(document, [this]() { return currentLeaf(); }, mTablePage);
    connect(mFindBar, &FindBar::matchShown, this, [this](const QList<qint64> &index) { goToIndex(index); });
    mFindBar->hide();
    tl->addWidget(mFindBar);
    mStack->addWidget(mTablePage);
    installContextMenus();

    // Message page: loading progress, or why a member cannot be shown.
    auto *msgPage = new QWidget(mStack);
    auto *ml = new QVBoxLayout(msgPage);
    ml->addStretch(1);
    mMessage = new QLabel(msgPage);
    mMessage->setAlignment(Qt::AlignCenter);
    mMessage->setWordWrap(true);
    mLoadProgress = new QProgressBar(msgPage);
    mLoadProgress->setRange(0, 1000);
    mLoadCancel = new QPushButton(tr("Cancel"), msgPage);
    ml->addWidget(mMessage);
    ml->addWidget(mLoadProgress);
    ml->addWidget(mLoadCancel, 0, Qt::AlignCenter);
    ml->addStretch(1);
    mStack->addWidget(msgPage);
    showMessage(tr("Select a member in the browser."), false);

    connect(mPrecision, &QSpinBox::valueChanged, this, &ArrayPane::formatControlsChanged);
    connect(mNotation, &QComboBox::currentIndexChanged, this, &ArrayPane::formatControlsChanged);
    connect(mHex, &QCheckBox::toggled, this, &ArrayPane::formatControlsChanged);
    connect(mColour, &QCheckBox::toggled, this, &ArrayPane::setColouring);
    connect(mSliceBar, &SliceBar::sliceChanged, this, [this](const npy::SliceSpec &spec) {
        mModel->setSlice(spec);
        if (const Member *m = mDocument->memberById(mMemberId))
            mSliceByShape.insert(shapeKey(m->header()), spec);
        updateCursor();
    });
    connect(mLoadCancel, &QPushButton::clicked, this, [this]() { mDocument->cancelLoad(mMemberId); });
    connect(document, &Document::memberLoadProgress, this, [this](int id, qint64 done, qint64 total) {
        if (id == mMemberId)
            mLoadProgress->setValue(total > 0 ? int(done * 1000 / total) : 0);
    });
    connect(document, &Document::memberLoaded, this, [this](int id) {
        if (id == mMemberId)
            showTable();
    });
    connect(document, &Document::memberLoadFailed, this, [this](int id, const QString &error) {
        if (id == mMemberId)
            showMessage(error, false);
    });
    connect(document, &Document::memberAboutToBeRemoved, this, [this](int id) {
        // Later, when the removal is done; by then another member may be shown, or a redo brought this one back.
        if (id == mMemberId)
            QMetaObject::invokeMethod(this, [this, id]() {
                if (id == mMemberId)
                    showMember(mDocument && mDocument->memberById(id) ? id : -1);
            }, Qt::QueuedConnection);
    });
    connect(mTable, &HugeTableView::currentCellChanged, this, &ArrayPane::updateCursor);
    connect(mModel, &QAbstractItemModel::modelReset, this, [this]() {
        connect(mTable->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &ArrayPane::updateSelection, Qt::UniqueConnection);
    });
    connect(mTable->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ArrayPane::updateSelection, Qt::UniqueConnection);
    connect(mModel, &QAbstractItemModel::dataChanged, this, [this]() {
        updateSelection();
        updateCursor();
    });
    connect(mModel, &ArrayTableModel::editRefused, this,
            [this](const QString &why) { emit statusMessage(tr("Refused: %1").arg(why), 8000); });
}

bool ArrayPane::isShowingTable() const
{
    return mStack->currentWidget() == mTablePage;
}

QString ArrayPane::messageText() const
{
    return mMessage->text();
}

void ArrayPane::showMessage(const QString &text, bool progress)
{
    mMessage->setText(text);
    mLoadProgress->setVisible(progress);
    mLoadCancel->setVisible(progress);
    mLoadProgress->setValue(0);
    mStack->setCurrentIndex(1);
}

void ArrayPane::showMember(int id)
{
    mMemberId = id;
    mFindBar->setMember(id);
    const Member *m = mDocument ? mDocument->memberById(id) : nullptr;
    if (!m) {
        mModel->setMember(-1);
        showMessage(tr("Select a member in the browser."), false);
        return;
    }
    if (!m->info.isArray && !m->info.truncated) {
        mModel->setMember(-1);
        showMessage(tr("“%1” is not an array (%2). It is kept as it is and cannot be shown or edited here.")
                        .arg(m->key, m->info.error.isEmpty() ? tr("no NPY header") : m->info.error),
                    false);
        return;
    }
    if (!m->isArray()) {
        mModel->setMember(-1);
        showMessage(m->info.truncated ? tr("“%1” cannot be read: %2").arg(m->key, m->info.error)
                                      : tr("“%1” is read-only and not shown: %2").arg(m->key, m->info.error),
                    false);
        return;
    }
    if (!m->loaded) {
        mModel->setMember(-1);
        showMessage(tr("Loading “%1” (%2)…").arg(m->key, m->header().shapeText()), true);
        mDocument->loadMember(id);
        return;
    }
    showTable();
}

void ArrayPane::showTable()
{
    const Member *m = mDocument->memberById(mMemberId);
    if (!m || !m->loaded)
        return;
    const npy::SliceSpec spec = mSliceByShape.value(shapeKey(m->header()), npy::SliceSpec::defaultFor(m->header()));
    mModel->setMember(mMemberId, spec);
    mSliceBar->setArray(m->header(), mModel->slice());
    mSliceBar->setVisible(mSliceBar->isUseful());
    mUpdatingControls = true;
    const npy::FormatOptions f = mFormats.value(mMemberId);
    mPrecision->setValue(f.precision);
    mNotation->setCurrentIndex(mNotation->findData(int(f.notation)));
    mHex->setChecked(f.hexIntegers);
    const npy::Kind kind = mModel->cellType(0).kind;
    mHex->setEnabled(kind == npy::Kind::Int || kind == npy::Kind::UInt || kind == npy::Kind::Bool
                     || m->header().dtype.kind == npy::Kind::Struct);
    mUpdatingControls = false;
    mModel->setFormat(f);
    const auto range = mRanges.find(mMemberId);
    mModel->setColouring(mColour->isChecked() && range != mRanges.end(), range != mRanges.end() ? range->first : 0,
                         range != mRanges.end() ? range->second : 1);
    if (mColour->isChecked() && range == mRanges.end())
        emit colourRangeNeeded(mMemberId);
    mStack->setCurrentWidget(mTablePage);
    fitColumns();
    if (mModel->rowCount() > 0 && mModel->columnCount() > 0)
        mTable->view()->setCurrentIndex(mModel->index(0, 0));
    updateCursor();
    updateSelection();
}

void ArrayPane::formatControlsChanged()
{
    if (mUpdatingControls)
        return;
    setFormat(format());
}

npy::FormatOptions ArrayPane::format() const
{
    npy::FormatOptions f;
    f.precision = mPrecision->value();
    f.notation = npy::FormatOptions::Notation(mNotation->currentData().toInt());
    f.hexIntegers = mHex->isChecked();
    return f;
}

void ArrayPane::setFormat(const npy::FormatOptions &options)
{
    mFormats.insert(mMemberId, options);
    if (format().precision != options.precision || format().notation != options.notation
        || format().hexIntegers != options.hexIntegers) {
        mUpdatingControls = true;
        mPrecision->setValue(options.precision);
        mNotation->setCurrentIndex(mNotation->findData(int(options.notation)));
        mHex->setChecked(options.hexIntegers);
        mUpdatingControls = false;
    }
    mModel->setFormat(options);
    fitColumns();
    updateCursor();
}

void ArrayPane::fitColumns()
{
    // Fixed widths (no per-cell measuring by the header), chosen from a sample of the values.
    QHeaderView *header = mTable->view()->horizontalHeader();
    const QFontMetrics fm = mTable->view()->fontMetrics();
    const int rows = qMin(mModel->rowCount(), 64);
    const int cols = mModel->columnCount();
    const int sampled = qMin(cols, 64);
    const int padding = fm.horizontalAdvance(QLatin1Char('0')) * 2;
    const int minWidth = fm.horizontalAdvance(QStringLiteral("00000000"));
    const int maxWidth = fm.horizontalAdvance(QLatin1Char('0')) * 32;
    auto widthOf = [&](int c) {
        int w = fm.horizontalAdvance(mModel->headerData(c, Qt::Horizontal).toString()) + padding;
        for (int r = 0; r < rows; ++r)
            w = qMax(w, fm.horizontalAdvance(mModel->data(mModel->index(r, c)).toString()) + padding);
        return qBound(minWidth, w, maxWidth);
    };
    const bool perColumn = cols <= 64 && mModel->slice().colAxis < 0; // record fields differ in width
    if (perColumn) {
        for (int c = 0; c < cols; ++c)
            header->resizeSection(c, widthOf(c));
        return;
    }
    int w = minWidth;
    for (int c = 0; c < sampled; ++c)
        w = qMax(w, widthOf(c));
    header->setDefaultSectionSize(w);
}

void ArrayPane::setColourRange(int memberId, double low, double high)
{
    mRanges.insert(memberId, {low, high});
    if (memberId == mMemberId && mColour->isChecked())
        mModel->setColouring(true, low, high);
}

void ArrayPane::setColouring(bool enabled)
{
    if (mColour->isChecked() != enabled)
        mColour->setChecked(enabled);
    const auto range = mRanges.find(mMemberId);
    if (enabled && range == mRanges.end()) {
        emit colourRangeNeeded(mMemberId);
        return;
    }
    mModel->setColouring(enabled, enabled ? range->first : 0, enabled ? range->second : 1);
}

bool ArrayPane::isColouring() const
{
    return mColour->isChecked();
}

void ArrayPane::presetMember(int id, const npy::SliceSpec &spec, const npy::FormatOptions &format, bool colouring)
{
    const Member *m = mDocument ? mDocument->memberById(id) : nullptr;
    if (!m || !m->isArray())
        return;
    if (spec.isValidFor(m->header()))
        mSliceByShape.insert(shapeKey(m->header()), spec);
    mFormats.insert(id, format);
    // Only the box: showTable() colours the member, asking for its range first.
    const QSignalBlocker block(mColour);
    mColour->setChecked(colouring);
}

int ArrayPane::currentLeaf() const
{
    if (mModel->slice().field >= 0)
        return mModel->slice().field;
    const auto cell = mTable->currentCell();
    const Member *m = mDocument->memberById(mMemberId);
    if (!m || m->header().dtype.kind != npy::Kind::Struct)
        return 0;
    return int(qMax<qint64>(0, cell.second));
}

void ArrayPane::updateCursor()
{
    const auto cell = mTable->currentCell();
    if (cell.first < 0 || !mModel->rowCount()) {
        emit cursorChanged(QString());
        // The field chosen in the slice bar still counts without a current cell (it is reset
        // with the model): the inspector's statistics follow it.
        emit currentLeafChanged(currentLeaf());
        return;
    }
    const QModelIndex idx = mTable->view()->currentIndex();
    emit cursorChanged(tr("%1 = %2").arg(idx.data(ArrayTableModel::IndexTextRole).toString(),
                                         idx.data(ArrayTableModel::FullTextRole).toString()));
    emit currentLeafChanged(currentLeaf());
}

QModelIndexList ArrayPane::selectedCells(qint64 limit, bool *tooMany) const
{
    *tooMany = false;
    const QItemSelection sel = mTable->view()->selectionModel()->selection();
    qint64 n = 0;
    for (const QItemSelectionRange &r : sel)
        n += qint64(r.height()) * r.width();
    if (n > limit) {
        *tooMany = true;
        return {};
    }
    return mTable->view()->selectionModel()->selectedIndexes();
}

QString ArrayPane::selectionSummary() const
{
    const QItemSelection sel = mTable->view()->selectionModel()->selection();
    qint64 n = 0;
    for (const QItemSelectionRange &r : sel)
        n += qint64(r.height()) * r.width();
    if (n <= 1)
        return QString();
    if (n > kLiveStatsLimit)
        return tr("Count: %1 (select at most %2 cells for sum and mean)").arg(n).arg(kLiveStatsLimit);
    std::vector<double> values;
    for (const QItemSelectionRange &r : sel) {
        for (int row = r.top(); row <= r.bottom(); ++row) {
            for (int col = r.left(); col <= r.right(); ++col) {
                if (!mModel->cellType(mModel->absoluteColumn(col)).isNumeric())
                    continue;
                values.push_back(mModel->data(mModel->index(row, col), ArrayTableModel::DoubleRole).toDouble());
            }
        }
    }
    if (values.empty())
        return tr("Count: %1").arg(n);
    const npy::ArrayStats s = npy::computeStats(values.data(), qint64(values.size()));
    // The finite figures, with NaN and ±Inf counted beside them (as the inspector shows them).
    QString text = tr("Count: %1  Sum: %2  Mean: %3  Min: %4  Max: %5")
                       .arg(n)
                       .arg(s.finiteSum, 0, 'g', 10)
                       .arg(s.finiteMean, 0, 'g', 10)
                       .arg(s.finiteMin, 0, 'g', 10)
                       .arg(s.finiteMax, 0, 'g', 10);
    if (s.infCount)
        text += tr("  ±Inf: %1").arg(s.infCount);
    if (s.nanCount)
        text += tr("  NaN: %1").arg(s.nanCount);
    return text;
}

void ArrayPane::updateSelection()
{
    emit selectionSummaryChanged(selectionSummary());
}

namespace {

ArrayPane::CopyPrompt &copyPrompt()
{
    static ArrayPane::CopyPrompt prompt = [](QWidget *parent, qint64 cells) {
        return QMessageBox::question(parent, ArrayPane::tr("Copy"),
                                     ArrayPane::tr("Copy %1 values as text? The clipboard will hold a large text "
                                                   "that other programs may be slow to paste.")
                                         .arg(QLocale().toString(cells)))
               == QMessageBox::Yes;
    };
    return prompt;
}

} // namespace

void ArrayPane::setCopyPrompt(CopyPrompt prompt)
{
    copyPrompt() = std::move(prompt);
}

void ArrayPane::copy(bool fullPrecision)
{
    qint64 count = 0;
    for (const QItemSelectionRange &r : mTable->view()->selectionModel()->selection())
        count += qint64(r.height()) * r.width();
    if (count > kCopyMaxCells) {
        emit statusMessage(tr("The selection is too large to copy as text (over %1 cells).").arg(kCopyMaxCells), 8000);
        return;
    }
    if (count > kCopyAskCells && !copyPrompt()(this, count))
        return;
    bool tooMany = false;
    QModelIndexList cells = selectedCells(kCopyMaxCells, &tooMany);
    if (tooMany)
        return;
    if (cells.isEmpty() && mTable->view()->currentIndex().isValid())
        cells.append(mTable->view()->currentIndex());
    if (cells.isEmpty())
        return;
    QApplication::clipboard()->setText(mModel->copyText(cells, fullPrecision));
    emit statusMessage(tr("Copied %n value(s).", nullptr, int(cells.size())), 4000);
}

bool ArrayPane::paste(QString *why)
{
    return pasteText(QApplication::clipboard()->text(), why);
}

bool ArrayPane::pasteText(const QString &text, QString *why)
{
    QString t = text;
    t.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    t.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    while (t.endsWith(QLatin1Char('\n')))
        t.chop(1);
    QList<QStringList> rows;
    for (const QString &line : t.split(QLatin1Char('\n')))
        rows.append(line.split(QLatin1Char('\t')));
    bool ok = false;
    QString reason;
    if (rows.size() == 1 && rows.first().size() == 1) {
        // One value: into every selected cell, as spreadsheets do.
        bool tooMany = false;
        const QModelIndexList cells = selectedCells(kCopyLimit, &tooMany);
        if (cells.size() > 1)
            ok = mModel->fill(cells, rows.first().first(), &reason);
        else if (mTable->view()->currentIndex().isValid())
            ok = mModel->setTexts(mTable->view()->currentIndex().row(), mTable->view()->currentIndex().column(),
                                  rows, &reason);
        else
            reason = tr("Select where to paste.");
    } else {
        QModelIndex topLeft = mTable->view()->currentIndex();
        const QItemSelection sel = mTable->view()->selectionModel()->selection();
        for (const QItemSelectionRange &r : sel) {
            if (!topLeft.isValid() || r.top() < topLeft.row()
                || (r.top() == topLeft.row() && r.left() < topLeft.column()))
                topLeft = r.topLeft();
        }
        if (!topLeft.isValid())
            reason = tr("Select where to paste.");
        else
            ok = mModel->setTexts(topLeft.row(), topLeft.column(), rows, &reason);
    }
    if (!ok) {
        if (why)
            *why = reason;
        emit statusMessage(tr("Paste refused: %1").arg(reason), 10000);
    }
    return ok;
}

bool ArrayPane::fillSelection(const QString &text, QString *why)
{
    bool tooMany = false;
    const QModelIndexList cells = selectedCells(kCopyLimit, &tooMany);
    QString reason;
    bool ok = false;
    if (tooMany)
        reason = tr("The selection is too large to fill (over %1 cells).").arg(kCopyLimit);
    else
        ok = mModel->fill(cells, text, &reason);
    if (!ok) {
        if (why)
            *why = reason;
        emit statusMessage(tr("Fill refused: %1").arg(reason), 10000);
    }
    return ok;
}

void ArrayPane::promptFill()
{
    if (!isShowingTable())
        return;
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Fill Selection"), tr("Value for every selected cell:"),
                                               QLineEdit::Normal, QString(), &ok);
    if (ok)
        fillSelection(text);
}

} // namespace npyw
