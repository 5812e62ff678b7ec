#include "stacknavigator.h"

#include "arraypane.h"
#include "document.h"
#include "elements.h"
#include "find.h"
#include "framebar.h"
#include "slicebar.h"

#include <QEvent>
#include <QKeyEvent>

#include <algorithm>

namespace npyw {

namespace {

/** How well \a name fits as the labels of \a stack: a shared suffix (x_train, y_train) first, then usual names. */
int labelScore(const QString &stack, const QString &name)
{
    auto tail = [](const QString &s) {
        const QString base = s.section(QLatin1Char('/'), -1);
        const qsizetype cut = base.indexOf(QLatin1Char('_'));
        return cut >= 0 ? base.mid(cut) : QString();
    };
    const QString t = tail(stack);
    if (!t.isEmpty() && tail(name) == t)
        return 3;
    const QString base = name.section(QLatin1Char('/'), -1).toLower();
    static const QStringList usual = {QStringLiteral("y"),      QStringLiteral("label"),  QStringLiteral("labels"),
                                      QStringLiteral("target"), QStringLiteral("targets"), QStringLiteral("class"),
                                      QStringLiteral("classes")};
    if (usual.contains(base) || base.startsWith(QLatin1String("label")) || base.startsWith(QLatin1String("y_")))
        return 2;
    return 1;
}

bool canLabel(const npy::DType &t)
{
    return t.kind != npy::Kind::Struct && t.kind != npy::Kind::Object && t.kind != npy::Kind::Void;
}

} // namespace

StackNavigator::StackNavigator(Document *document, ArrayPane *pane, QObject *parent)
    : QObject(parent), mDocument(document), mPane(pane)
{
    connect(document, &Document::memberLoaded, this, [this](int id) {
        if (id == mLabelId) {
            applyFilter();
            syncBars();
            emit labelsChanged();
        }
    });
    connect(document, &Document::valuesChanged, this, [this](int id) {
        if (id == mLabelId) {
            applyFilter();
            syncBars();
            emit labelsChanged();
        }
    });
    connect(document, &Document::membersChanged, this, [this]() {
        if (mMemberId >= 0)
            findCandidates();
    });
}

void StackNavigator::addBar(FrameBar *bar)
{
    mBars.append(bar);
    connect(bar, &FrameBar::frameRequested, this, &StackNavigator::goTo);
    connect(bar, &FrameBar::labelChoiceChanged, this,
            [this](int index) { setLabelMember(index >= 0 ? mCandidates.value(index, -1) : -1); });
    connect(bar, &FrameBar::filterEdited, this, [this, bar](const QString &text) {
        QString why;
        if (!setFilter(text, &why))
            bar->setLabelText(why);
    });
    syncBars();
}

void StackNavigator::watchKeys(QWidget *widget, bool pictureKeys)
{
    mKeyWidgets.insert(widget, pictureKeys);
    widget->installEventFilter(this);
}

bool StackNavigator::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress || mLayout.frames <= 1)
        return QObject::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::ShiftModifier | Qt::MetaModifier))
        return QObject::eventFilter(watched, event);
    const bool pictureKeys = mKeyWidgets.value(watched, false);
    switch (key->key()) {
    case Qt::Key_PageDown:
        step(1);
        return true;
    case Qt::Key_PageUp:
        step(-1);
        return true;
    case Qt::Key_Right:
        if (!pictureKeys)
            break;
        step(1);
        return true;
    case Qt::Key_Left:
        if (!pictureKeys)
            break;
        step(-1);
        return true;
    case Qt::Key_Home:
        if (!pictureKeys)
            break;
        toFirst();
        return true;
    case Qt::Key_End:
        if (!pictureKeys)
            break;
        toLast();
        return true;
    case Qt::Key_Space:
        if (!pictureKeys)
            break;
        // Play / Pause on the frame bar of the page shown.
        for (const QPointer<FrameBar> &bar : std::as_const(mBars)) {
            if (bar && bar->isVisible()) {
                bar->setPlaying(!bar->isPlaying());
                return true;
            }
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void StackNavigator::setState(int memberId, const npy::NpyHeader &header, const npy::PictureLayout &layout,
                              const npy::SliceSpec &spec)
{
    const bool newMember = memberId != mMemberId;
    const bool newFrames = newMember || layout.frames != mLayout.frames || !(layout == mLayout);
    mMemberId = memberId;
    mHeader = header;
    mLayout = layout;
    mSpec = spec;
    mFrame = npy::frameOfIndex(layout, header.shape, spec.index);
    if (newFrames) {
        for (const QPointer<FrameBar> &bar : std::as_const(mBars)) {
            if (bar)
                bar->setFrames(layout.frames);
        }
        findCandidates();
        mFilterText.clear();
        mFiltered = false;
        mAllowed.clear();
    }
    syncBars();
}

void StackNavigator::clear()
{
    mMemberId = -1;
    mLayout = npy::PictureLayout();
    mCandidates.clear();
    mLabelId = -1;
    mFiltered = false;
    mAllowed.clear();
    for (const QPointer<FrameBar> &bar : std::as_const(mBars)) {
        if (bar) {
            bar->setPlaying(false);
            bar->setFrames(0);
        }
    }
}

void StackNavigator::findCandidates()
{
    mCandidates.clear();
    const Member *self = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!self || mLayout.frames <= 1) {
        mLabelId = -1;
        syncBars();
        return;
    }
    QList<std::pair<int, int>> scored; // (-score, row) for a stable order
    for (int row = 0; row < mDocument->memberCount(); ++row) {
        const Member &m = mDocument->memberAt(row);
        if (m.id == mMemberId || !m.isArray() || m.header().shape.size() != 1 || m.header().shape[0] != mLayout.frames
            || !canLabel(m.header().dtype))
            continue;
        scored.append({-labelScore(self->key, m.key), row});
    }
    std::sort(scored.begin(), scored.end());
    for (const auto &s : scored)
        mCandidates.append(mDocument->memberAt(s.second).id);
    const int chosen = mLabelChoice.value(mMemberId, -2);
    mLabelId = chosen == -2 ? mCandidates.value(0, -1) : (mCandidates.contains(chosen) ? chosen : -1);
    if (mLabelId >= 0)
        mDocument->loadMember(mLabelId);
    syncBars();
    emit labelsChanged();
}

void StackNavigator::setLabelMember(int id)
{
    if (id >= 0 && !mCandidates.contains(id))
        return;
    mLabelId = id;
    mLabelChoice.insert(mMemberId, id);
    mFilterText.clear();
    mFiltered = false;
    mAllowed.clear();
    if (id >= 0 && mDocument)
        mDocument->loadMember(id);
    syncBars();
    emit labelsChanged();
}

QString StackNavigator::labelValue(qint64 frame) const
{
    const Member *m = mDocument && mLabelId >= 0 ? mDocument->memberById(mLabelId) : nullptr;
    if (!m || !m->loaded || m->array.isNull() || frame < 0 || frame >= m->header().shape.value(0))
        return QString();
    npy::SliceSpec spec;
    spec.rowAxis = 0;
    spec.index = {0};
    auto access = npy::SliceAccess::create(m->array, spec, npy::ComplexPart::Real);
    return access ? access.value().text(frame, 0) : QString();
}

QString StackNavigator::labelText(qint64 frame) const
{
    const QString value = labelValue(frame);
    const Member *m = mDocument ? mDocument->memberById(mLabelId) : nullptr;
    return value.isEmpty() || !m ? QString() : QStringLiteral("%1 = %2").arg(m->key, value);
}

bool StackNavigator::setFilter(const QString &text, QString *error)
{
    mFilterText = text.trimmed();
    applyFilter();
    syncBars();
    emit labelsChanged();
    if (!mFilterText.isEmpty() && !mFiltered) {
        if (error)
            *error = tr("“%1” is not a condition on the labels (try 7, > 3, != 0 or 2..5)").arg(mFilterText);
        return false;
    }
    if (mFiltered && !mAllowed.isEmpty() && !std::binary_search(mAllowed.cbegin(), mAllowed.cend(), mFrame))
        goTo(mAllowed.first());
    return true;
}

void StackNavigator::applyFilter()
{
    mFiltered = false;
    mAllowed.clear();
    const Member *m = mDocument && mLabelId >= 0 ? mDocument->memberById(mLabelId) : nullptr;
    npy::FindCondition condition;
    if (mFilterText.isEmpty() || !m || !m->loaded || m->array.isNull()
        || !npy::parseShortCondition(mFilterText, &condition))
        return;
    npy::FindOptions options;
    options.limit = m->header().shape.value(0);
    auto found = npy::find(m->array, condition, options);
    if (!found)
        return;
    mFiltered = true;
    mAllowed = found.value().matches;
}

void StackNavigator::syncBars()
{
    QStringList names;
    for (int id : std::as_const(mCandidates)) {
        const Member *m = mDocument ? mDocument->memberById(id) : nullptr;
        names << (m ? m->key : QString());
    }
    const QString label = labelText(mFrame);
    for (const QPointer<FrameBar> &bar : std::as_const(mBars)) {
        if (!bar)
            continue;
        if (bar->frames() != mLayout.frames)
            bar->setFrames(mLayout.frames);
        bar->setLabelChoices(names, int(mCandidates.indexOf(mLabelId)));
        bar->setAllowedFrames(mAllowed, mFiltered);
        bar->setFrame(mFrame);
        bar->setLabelText(label);
    }
}

void StackNavigator::goTo(qint64 frame)
{
    if (mMemberId < 0 || frame < 0 || frame >= mLayout.frames || frame == mFrame)
        return;
    npy::SliceSpec spec = mSpec;
    spec.index = npy::indexOfFrame(mLayout, mHeader.shape, frame, spec.index);
    mFrame = frame;
    mSpec = spec;
    mPane->sliceBar()->setSpec(spec);
    syncBars();
    emit frameChanged(frame);
}

void StackNavigator::step(int delta)
{
    if (mBars.isEmpty() || !mBars.first())
        return goTo(std::clamp<qint64>(mFrame + delta, 0, mLayout.frames - 1));
    goTo(mBars.first()->stepFrom(mFrame, delta));
}

void StackNavigator::toFirst()
{
    goTo(mBars.isEmpty() || !mBars.first() ? 0 : mBars.first()->firstFrame());
}

void StackNavigator::toLast()
{
    goTo(mBars.isEmpty() || !mBars.first() ? mLayout.frames - 1 : mBars.first()->lastFrame());
}

} // namespace npyw
