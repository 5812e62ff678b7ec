#include "framebar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace npyw {

namespace {

/** The spin box and slider count in int: a stack of more frames shows its first 2^31 - 1. */
int toInt(qint64 v)
{
    return int(std::clamp<qint64>(v, 0, std::numeric_limits<int>::max()));
}

/** A frame the owner has not drawn this long after it was asked for no longer holds the player. */
constexpr qint64 kStallMs = 2000;

} // namespace

FrameBar::FrameBar(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("frameBar"));
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 0, 2, 0);
    layout->setSpacing(4);
    mPlay = new QToolButton(this);
    mPlay->setObjectName(QStringLiteral("framePlay"));
    mPlay->setCheckable(true);
    mPlay->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    mPlay->setToolTip(tr("Play the frames / pause"));
    mRate = new QSpinBox(this);
    mRate->setObjectName(QStringLiteral("frameRate"));
    mRate->setRange(1, 120);
    mRate->setValue(10);
    mRate->setSuffix(tr(" fps"));
    mRate->setToolTip(tr("Frames per second while playing"));
    mSlider = new QSlider(Qt::Horizontal, this);
    mSlider->setObjectName(QStringLiteral("frameSlider"));
    mSlider->setMinimumWidth(60);
    mSlider->setFocusPolicy(Qt::NoFocus);
    auto *frameLabel = new QLabel(tr("Frame"), this);
    mSpin = new QSpinBox(this);
    mSpin->setObjectName(QStringLiteral("frameSpin"));
    mSpin->setKeyboardTracking(false);
    mOf = new QLabel(this);
    mLabel = new QLabel(this);
    mLabel->setObjectName(QStringLiteral("frameLabel"));
    mLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mLabelBox = new QComboBox(this);
    mLabelBox->setObjectName(QStringLiteral("frameLabelMember"));
    mLabelBox->setToolTip(tr("The member whose values label the frames"));
    mLabelBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    mFilter = new QLineEdit(this);
    mFilter->setObjectName(QStringLiteral("frameFilter"));
    mFilter->setPlaceholderText(tr("only label…"));
    mFilter->setToolTip(tr("Show only the frames whose label matches: a value (7), or a condition "
                           "(> 3, != 0, 2..5); empty shows every frame"));
    mFilter->setClearButtonEnabled(true);
    mFilter->setMaximumWidth(110);
    mInfo = new QLabel(this);
    mInfo->setObjectName(QStringLiteral("frameInfo"));
    // Two rows, so that a narrow pane keeps the slider usable: the frame, then the rate, labels and filter.
    auto *rows = new QVBoxLayout;
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(2);
    auto *first = new QHBoxLayout;
    first->setSpacing(4);
    first->addWidget(mPlay);
    first->addWidget(frameLabel);
    first->addWidget(mSpin);
    first->addWidget(mOf);
    first->addWidget(mSlider, 1);
    auto *second = new QHBoxLayout;
    second->setSpacing(4);
    second->addWidget(mRate);
    second->addWidget(mLabelBox);
    second->addWidget(mFilter);
    second->addWidget(mLabel, 1);
    second->addWidget(mInfo);
    rows->addLayout(first);
    rows->addLayout(second);
    layout->addLayout(rows, 1);
    mTimer = new QTimer(this);
    mTimer->setTimerType(Qt::PreciseTimer);

    connect(mSlider, &QSlider::valueChanged, this, [this](int v) {
        if (!mUpdating)
            request(mFiltered && !mAllowed.isEmpty() ? mAllowed.value(v, mAllowed.last()) : v);
    });
    connect(mSpin, &QSpinBox::valueChanged, this, [this](int v) {
        if (!mUpdating)
            request(v);
    });
    connect(mPlay, &QToolButton::toggled, this, &FrameBar::setPlaying);
    connect(mRate, &QSpinBox::valueChanged, this, [this](int) {
        if (isPlaying()) {
            // Start counting again at the new rate from the frame shown.
            setPlaying(false);
            setPlaying(true);
        }
    });
    connect(mTimer, &QTimer::timeout, this, &FrameBar::tick);
    connect(mLabelBox, &QComboBox::activated, this, [this](int i) { emit labelChoiceChanged(i - 1); });
    connect(mFilter, &QLineEdit::editingFinished, this, [this]() { emit filterEdited(mFilter->text().trimmed()); });
    connect(mFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty())
            emit filterEdited(QString());
    });
    setFrames(0);
}

void FrameBar::setFrames(qint64 frames)
{
    if (frames != mFrames && isPlaying())
        setPlaying(false);
    mFrames = frames;
    mUpdating = true;
    mSpin->setRange(0, toInt(frames - 1));
    mOf->setText(tr("of %1").arg(frames));
    mUpdating = false;
    setAllowedFrames({}, false);
    setVisible(frames > 1);
}

void FrameBar::setFrame(qint64 frame)
{
    mFrame = frame;
    mUpdating = true;
    mSpin->setValue(toInt(frame));
    if (mFiltered) {
        const auto it = std::lower_bound(mAllowed.cbegin(), mAllowed.cend(), frame);
        mSlider->setValue(toInt(it - mAllowed.cbegin()));
    } else {
        mSlider->setValue(toInt(frame));
    }
    mUpdating = false;
    updateInfo();
}

void FrameBar::setLabelText(const QString &text)
{
    mLabel->setText(text.isEmpty() ? QString() : QStringLiteral("· ") + text);
}

QString FrameBar::labelText() const
{
    QString t = mLabel->text();
    return t.startsWith(QStringLiteral("· ")) ? t.mid(2) : t;
}

void FrameBar::setLabelChoices(const QStringList &names, int current)
{
    mLabelBox->clear();
    mLabelBox->addItem(tr("no labels"));
    mLabelBox->addItems(names);
    mLabelBox->setCurrentIndex(current + 1);
    mLabelBox->setVisible(!names.isEmpty());
    mFilter->setVisible(!names.isEmpty() && current >= 0);
    if (current < 0 || names.isEmpty())
        setLabelText(QString());
}

void FrameBar::setAllowedFrames(const QList<qint64> &frames, bool active)
{
    mFiltered = active;
    mAllowed = frames;
    mUpdating = true;
    mSlider->setRange(0, active ? toInt(qMax<qint64>(0, frames.size() - 1)) : toInt(mFrames - 1));
    mUpdating = false;
    setFrame(mFrame);
}

qint64 FrameBar::stepFrom(qint64 from, int step) const
{
    if (!mFiltered)
        return std::clamp<qint64>(from + step, 0, qMax<qint64>(0, mFrames - 1));
    if (mAllowed.isEmpty())
        return from;
    if (step > 0) {
        const auto it = std::upper_bound(mAllowed.cbegin(), mAllowed.cend(), from);
        return it == mAllowed.cend() ? mAllowed.last() : *it;
    }
    const auto it = std::lower_bound(mAllowed.cbegin(), mAllowed.cend(), from);
    return it == mAllowed.cbegin() ? mAllowed.first() : *(it - 1);
}

qint64 FrameBar::firstFrame() const
{
    return mFiltered ? mAllowed.value(0, mFrame) : 0;
}

qint64 FrameBar::lastFrame() const
{
    return mFiltered ? (mAllowed.isEmpty() ? mFrame : mAllowed.last()) : qMax<qint64>(0, mFrames - 1);
}

bool FrameBar::isPlaying() const
{
    return mTimer->isActive();
}

void FrameBar::setPlaying(bool playing)
{
    if (playing == isPlaying())
        return;
    if (playing && (mFrames <= 1 || (mFiltered && mAllowed.isEmpty()))) {
        mPlay->setChecked(false);
        return;
    }
    if (playing) {
        mClock.start();
        mPlayStart = mFiltered ? qint64(std::lower_bound(mAllowed.cbegin(), mAllowed.cend(), mFrame) - mAllowed.cbegin())
                               : mFrame;
        mTicksDone = 0;
        mSkipped = 0;
        mWaiting = false;
        mTimer->start(qMax(1, 1000 / mRate->value() / 2));
    } else {
        mTimer->stop();
    }
    mPlay->blockSignals(true);
    mPlay->setChecked(playing);
    mPlay->blockSignals(false);
    mPlay->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    updateInfo();
    emit playingChanged(playing);
}

void FrameBar::setRate(int framesPerSecond)
{
    mRate->setValue(framesPerSecond);
}

int FrameBar::rate() const
{
    return mRate->value();
}

void FrameBar::frameShown(qint64 frame)
{
    if (frame == mAsked)
        mWaiting = false;
}

void FrameBar::tick()
{
    const qint64 elapsed = mClock.elapsed();
    const qint64 reached = elapsed * mRate->value() / 1000;
    if (reached <= mTicksDone)
        return;
    if (mWaiting && elapsed - mAskedAt < kStallMs) {
        // The frame asked for is still being drawn: the frames the clock passes meanwhile go undrawn.
        mSkipped += reached - mTicksDone;
        mTicksDone = reached;
        updateInfo();
        return;
    }
    mSkipped += reached - mTicksDone - 1;
    mTicksDone = reached;
    const qint64 count = mFiltered ? mAllowed.size() : mFrames;
    if (count <= 0)
        return;
    const qint64 position = (mPlayStart + reached) % count;
    const qint64 target = mFiltered ? mAllowed[position] : position;
    mAsked = target;
    mAskedAt = elapsed;
    mWaiting = true;
    request(target);
    updateInfo();
}

void FrameBar::request(qint64 frame)
{
    if (frame < 0 || frame >= mFrames)
        return;
    emit frameRequested(frame);
}

void FrameBar::updateInfo()
{
    QStringList parts;
    if (mFiltered)
        parts << (mAllowed.isEmpty() ? tr("no frame matches") : tr("%n frame(s) match", nullptr, int(qMin<qint64>(mAllowed.size(), std::numeric_limits<int>::max()))));
    if (isPlaying() && mSkipped > 0)
        parts << tr("%n frame(s) skipped (drawn too slowly)", nullptr, int(qMin<qint64>(mSkipped, std::numeric_limits<int>::max())));
    mInfo->setText(parts.join(QStringLiteral(" · ")));
}

} // namespace npyw
