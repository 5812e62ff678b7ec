#include "findbar.h"

#include "document.h"
#include "jobpool.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPromise>
#include <QStandardItemModel>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>

namespace npyw {

namespace {

/** Matches kept for next / previous; the count covers all of them. */
constexpr qint64 kKeptMatches = 1000000;

struct OpEntry
{
    npy::FindOp op;
    const char *label;
    bool value;
};

const OpEntry kOps[] = {
    {npy::FindOp::Eq, QT_TRANSLATE_NOOP("npyw::FindBar", "="), true},
    {npy::FindOp::Ne, QT_TRANSLATE_NOOP("npyw::FindBar", "≠"), true},
    {npy::FindOp::Lt, QT_TRANSLATE_NOOP("npyw::FindBar", "<"), true},
    {npy::FindOp::Le, QT_TRANSLATE_NOOP("npyw::FindBar", "≤"), true},
    {npy::FindOp::Gt, QT_TRANSLATE_NOOP("npyw::FindBar", ">"), true},
    {npy::FindOp::Ge, QT_TRANSLATE_NOOP("npyw::FindBar", "≥"), true},
    {npy::FindOp::Between, QT_TRANSLATE_NOOP("npyw::FindBar", "between"), true},
    {npy::FindOp::NaN, QT_TRANSLATE_NOOP("npyw::FindBar", "NaN"), false},
    {npy::FindOp::Inf, QT_TRANSLATE_NOOP("npyw::FindBar", "±Inf"), false},
    {npy::FindOp::NonFinite, QT_TRANSLATE_NOOP("npyw::FindBar", "not finite"), false},
    {npy::FindOp::StartsWith, QT_TRANSLATE_NOOP("npyw::FindBar", "starts with"), true},
    {npy::FindOp::Contains, QT_TRANSLATE_NOOP("npyw::FindBar", "contains"), true},
};

bool isTextType(const npy::DType &t)
{
    return t.kind == npy::Kind::Unicode || t.kind == npy::Kind::Bytes;
}

bool parseNumber(const QString &text, double *value)
{
    bool ok = false;
    const QString t = text.trimmed();
    if (t.compare(QLatin1String("nan"), Qt::CaseInsensitive) == 0) {
        *value = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (t.compare(QLatin1String("inf"), Qt::CaseInsensitive) == 0 || t == QLatin1String("+inf")) {
        *value = std::numeric_limits<double>::infinity();
        return true;
    }
    if (t.compare(QLatin1String("-inf"), Qt::CaseInsensitive) == 0) {
        *value = -std::numeric_limits<double>::infinity();
        return true;
    }
    *value = t.toDouble(&ok);
    return ok;
}

} // namespace

FindBar::FindBar(Document *document, std::function<int()> currentLeaf, QWidget *parent)
    : QWidget(parent), mDocument(document), mCurrentLeaf(std::move(currentLeaf))
{
    Q_ASSERT(mCurrentLeaf);
    auto *l = new QHBoxLayout(this);
    l->setContentsMargins(4, 2, 4, 2);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Close the find bar (Esc)"));
    close->setAutoRaise(true);
    mOp = new QComboBox(this);
    mOp->setObjectName(QStringLiteral("findOp"));
    for (const OpEntry &e : kOps)
        mOp->addItem(tr(e.label), int(e.op));
    mValue = new QLineEdit(this);
    mValue->setObjectName(QStringLiteral("findValue"));
    mValue->setPlaceholderText(tr("value"));
    mHigh = new QLineEdit(this);
    mHigh->setPlaceholderText(tr("and"));
    mTolerance = new QLineEdit(this);
    mTolerance->setPlaceholderText(tr("± tolerance"));
    mTolerance->setToolTip(tr("= matches values within this distance (0: exactly)"));
    for (QLineEdit *e : {mValue, mHigh, mTolerance})
        e->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("-0.000000000e+00")));
    auto *prev = new QToolButton(this);
    prev->setText(tr("Previous"));
    prev->setToolTip(tr("Previous match (Shift+F3)"));
    auto *nextButton = new QToolButton(this);
    nextButton->setText(tr("Next"));
    nextButton->setToolTip(tr("Next match (F3)"));
    mStatus = new QLabel(this);
    mProgress = new QProgressBar(this);
    mProgress->setRange(0, 1000);
    mProgress->setMaximumWidth(120);
    mProgress->hide();
    mCancel = new QToolButton(this);
    mCancel->setText(tr("Cancel"));
    mCancel->hide();
    l->addWidget(close);
    l->addWidget(new QLabel(tr("Find values"), this));
    l->addWidget(mOp);
    l->addWidget(mValue);
    l->addWidget(mHigh);
    l->addWidget(mTolerance);
    l->addWidget(prev);
    l->addWidget(nextButton);
    l->addWidget(mProgress);
    l->addWidget(mCancel);
    l->addWidget(mStatus, 1);
    conditionEdited();

    connect(close, &QToolButton::clicked, this, [this]() {
        cancel();
        hide();
    });
    connect(mOp, &QComboBox::currentIndexChanged, this, &FindBar::conditionEdited);
    for (QLineEdit *e : {mValue, mHigh, mTolerance}) {
        connect(e, &QLineEdit::textEdited, this, &FindBar::conditionEdited);
        connect(e, &QLineEdit::returnPressed, this, &FindBar::next);
    }
    connect(prev, &QToolButton::clicked, this, &FindBar::previous);
    connect(nextButton, &QToolButton::clicked, this, &FindBar::next);
    connect(mCancel, &QToolButton::clicked, this, &FindBar::cancel);
    connect(document, &Document::valuesChanged, this, [this](int id) {
        if (id == mSearchedMember)
            mStale = true;
    });
}

FindBar::~FindBar()
{
    cancel();
}

void FindBar::setMember(int memberId)
{
    mMemberId = memberId;
    updateConditions();
}

npy::DType FindBar::searchedLeafType() const
{
    npy::DType leafType;
    if (const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr; m && m->isArray()) {
        const int field = m->header().dtype.kind == npy::Kind::Struct ? mCurrentLeaf() : -1;
        if (const auto leaf = npy::findLeaf(m->header().dtype, field))
            leafType = leaf.value().type;
    }
    return leafType;
}

void FindBar::updateConditions()
{
    const npy::DType leafType = searchedLeafType();
    const bool whole = leafType.kind == npy::Kind::Int || leafType.kind == npy::Kind::UInt
                       || leafType.kind == npy::Kind::Bool;
    const bool dates = leafType.kind == npy::Kind::DateTime || leafType.kind == npy::Kind::TimeDelta;
    auto *model = qobject_cast<QStandardItemModel *>(mOp->model());
    for (int i = 0; model && i < mOp->count(); ++i) {
        const auto op = npy::FindOp(mOp->itemData(i).toInt());
        // Integers and bools are never NaN or infinite; a date is NaT (NaN, not finite) but never ±Inf.
        // Text columns take =, ≠, starts with and contains; the others every test but the text ones.
        const bool textOp = op == npy::FindOp::StartsWith || op == npy::FindOp::Contains;
        const bool text = isTextType(leafType);
        const bool never = (whole && (op == npy::FindOp::NaN || op == npy::FindOp::Inf || op == npy::FindOp::NonFinite))
                           || (dates && op == npy::FindOp::Inf)
                           || (text && !textOp && op != npy::FindOp::Eq && op != npy::FindOp::Ne) || (!text && textOp);
        model->item(i)->setEnabled(!never);
        if (never && mOp->currentIndex() == i)
            mOp->setCurrentIndex(0);
    }
}

void FindBar::activate()
{
    updateConditions();
    show();
    mValue->setFocus();
    mValue->selectAll();
}

void FindBar::setCondition(const npy::FindCondition &c)
{
    for (int i = 0; i < mOp->count(); ++i)
        if (mOp->itemData(i).toInt() == int(c.op))
            mOp->setCurrentIndex(i);
    mValue->setText(c.onText ? c.needle : QString::number(c.value, 'g', 17));
    mHigh->setText(QString::number(c.high, 'g', 17));
    mTolerance->setText(c.tolerance > 0 ? QString::number(c.tolerance, 'g', 17) : QString());
    conditionEdited();
}

void FindBar::conditionEdited()
{
    const auto op = npy::FindOp(mOp->currentData().toInt());
    const bool needsValue = op != npy::FindOp::NaN && op != npy::FindOp::Inf && op != npy::FindOp::NonFinite;
    mValue->setVisible(needsValue);
    mHigh->setVisible(op == npy::FindOp::Between);
    mTolerance->setVisible(op == npy::FindOp::Eq && !isTextType(searchedLeafType()));
    mStale = true;
}

bool FindBar::readCondition(npy::FindCondition *c, QString *why) const
{
    // The column searched: a datetime column also takes dates ("2005-01-03"), as the table shows them.
    const npy::DType leafType = searchedLeafType();
    const bool dates = leafType.kind == npy::Kind::DateTime || leafType.kind == npy::Kind::TimeDelta;
    auto read = [&](const QString &text, double *value) {
        if (parseNumber(text, value) || npy::parseFindDateTime(leafType, text, value))
            return true;
        *why = dates ? tr("“%1” is neither a number nor a %2 value").arg(text, leafType.displayName())
                     : tr("“%1” is not a number").arg(text);
        return false;
    };
    c->op = npy::FindOp(mOp->currentData().toInt());
    if (isTextType(leafType)) {
        // A text column: the text as typed, compared as NumPy compares strings.
        c->onText = true;
        c->needle = mValue->text();
        c->tolerance = 0;
        return true;
    }
    if (mValue->isVisibleTo(this) && !read(mValue->text(), &c->value))
        return false;
    if (c->op == npy::FindOp::Between && !read(mHigh->text(), &c->high))
        return false;
    c->tolerance = 0;
    if (c->op == npy::FindOp::Eq && !mTolerance->text().trimmed().isEmpty()
        && (!parseNumber(mTolerance->text(), &c->tolerance) || !(c->tolerance >= 0))) {
        *why = tr("the tolerance “%1” is not a number ≥ 0").arg(mTolerance->text());
        return false;
    }
    return true;
}

void FindBar::find()
{
    npy::FindCondition c;
    QString why;
    if (!readCondition(&c, &why)) {
        mStatus->setText(why);
        return;
    }
    start(c, false);
}

void FindBar::next()
{
    if (mStale || mSearchedMember != mMemberId) {
        mGoAfterSearch = true;
        find();
        return;
    }
    if (mResult.matches.isEmpty())
        return;
    showMatch(mCurrent + 1 < mResult.matches.size() ? mCurrent + 1 : 0);
}

void FindBar::previous()
{
    if (mStale || mSearchedMember != mMemberId) {
        mGoAfterSearch = true;
        find();
        return;
    }
    if (mResult.matches.isEmpty())
        return;
    showMatch(mCurrent > 0 ? mCurrent - 1 : mResult.matches.size() - 1);
}

void FindBar::goToExtreme(bool maximum, int field)
{
    npy::FindCondition c;
    c.op = maximum ? npy::FindOp::Max : npy::FindOp::Min;
    mGoAfterSearch = true;
    start(c, true, field);
}

void FindBar::cancel()
{
    if (mRunning)
        mRunning->store(true);
    mRunning.reset();
    ++mGeneration;
    mProgress->hide();
    mCancel->hide();
}

QString FindBar::statusText() const
{
    return mStatus->text();
}

void FindBar::start(const npy::FindCondition &condition, bool extreme, int field)
{
    cancel();
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m || !m->loaded || m->array.isNull()) {
        mStatus->setText(tr("No array shown."));
        return;
    }
    npy::FindOptions options;
    options.limit = kKeptMatches;
    options.countAll = true; // the count says how many match, beyond the ones kept for walking
    options.field = m->header().dtype.kind != npy::Kind::Struct ? -1
                    : field == kCurrentField                    ? mCurrentLeaf()
                                                                : field;
    const npy::NpyArray array = m->array; // shares the bytes; edits detach the document's copy
    const int id = m->id;
    const int generation = mGeneration;
    mRunning = std::make_shared<std::atomic_bool>(false);
    const std::shared_ptr<std::atomic_bool> cancelFlag = mRunning;
    mProgress->setValue(0);
    mProgress->show();
    mCancel->show();
    mStatus->setText(tr("Searching…"));
    using R = npy::Result<npy::FindResult>;
    auto *watcher = new QFutureWatcher<R>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, mProgress, &QProgressBar::setValue);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id, generation, condition, extreme]() {
        watcher->deleteLater();
        if (generation != mGeneration)
            return; // cancelled or superseded
        mRunning.reset();
        mProgress->hide();
        mCancel->hide();
        const R r = watcher->future().result();
        if (!r) {
            mStatus->setText(r.error());
            return;
        }
        if (r->cancelled) {
            mStatus->setText(tr("Cancelled."));
            return;
        }
        mResult = r.value();
        mSearchedMember = id;
        mCurrent = -1;
        if (extreme) {
            // Max / Min is one answer, not a list to walk: the next F3 searches the bar's condition.
            mStale = true;
            if (!mResult.found) {
                mStatus->setText(tr("Every value is NaN."));
            } else {
                mResult.matches = {mResult.extremeIndex};
                showMatch(0);
                mStatus->setText(tr("%1: %2").arg(condition.text()).arg(mResult.extremeValue, 0, 'g', 17));
            }
            mGoAfterSearch = false;
            emit searched();
            return;
        }
        mStale = false;
        if (mResult.count == 0)
            mStatus->setText(tr("No value %1.").arg(condition.text()));
        else if (mGoAfterSearch)
            showMatch(0);
        else
            mStatus->setText(tr("%n match(es)", nullptr, int(std::min<qint64>(mResult.count, INT_MAX))));
        mGoAfterSearch = false;
        emit searched();
    });
    watcher->setFuture(QtConcurrent::run(jobPool(), [array, condition, options, cancelFlag](QPromise<R> &promise) {
        promise.setProgressRange(0, 1000);
        npy::Progress p;
        p.cancel = cancelFlag.get();
        p.report = [&promise](qint64 done, qint64 total) {
            promise.setProgressValue(total > 0 ? int(done * 1000 / total) : 0);
        };
        promise.addResult(npy::find(array, condition, options, p));
    }));
}

void FindBar::showMatch(qint64 which)
{
    if (which < 0 || which >= mResult.matches.size())
        return;
    mCurrent = which;
    const Member *m = mDocument ? mDocument->memberById(mSearchedMember) : nullptr;
    if (!m)
        return;
    const QList<qint64> index = npy::unravelIndex(mResult.matches[which], m->header().shape);
    emit matchShown(index);
    QStringList parts;
    for (qint64 i : index)
        parts << QString::number(i);
    QString text = tr("Match %1 of %2 at (%3)").arg(which + 1).arg(mResult.count).arg(parts.join(QStringLiteral(", ")));
    if (mResult.truncated)
        text += tr(" (the first %1 can be walked)").arg(mResult.matches.size());
    mStatus->setText(text);
}

} // namespace npyw
