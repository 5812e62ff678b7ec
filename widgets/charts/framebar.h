#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;
class QTimer;
class QToolButton;

namespace npyw {

/**
 * The frames of a stack under its picture: a slider and a spin box over frames 0 .. N-1, Play/Pause at a chosen
 * rate, the label of the frame from another member, and a filter that keeps only the frames whose label matches.
 *
 * The bar shows what its owner tells it (setFrames(), setFrame(), setLabelText()) and asks for changes through
 * frameRequested(): the owner moves the slice and calls setFrame() back. While playing, a timer asks for the frame
 * the clock has reached; when the owner has not yet shown the frame asked for before (frameShown()), the tick is
 * skipped and counted, so a slow picture never queues work and the rate stays honest ("3 frames skipped").
 * With a filter (setAllowedFrames()), stepping, playing and the slider visit only the frames allowed.
 */
class FrameBar : public QWidget
{
    Q_OBJECT

public:
    explicit FrameBar(QWidget *parent = nullptr);

    /** The number of frames; 1 or fewer hides the bar. */
    void setFrames(qint64 frames);
    [[nodiscard]] qint64 frames() const { return mFrames; }
    /** Shows frame \a frame (no signal). */
    void setFrame(qint64 frame);
    [[nodiscard]] qint64 frame() const { return mFrame; }
    /** The text beside the frame number: "y_train = 4"; empty for none. */
    void setLabelText(const QString &text);
    [[nodiscard]] QString labelText() const;
    /**
     * The members whose values label the frames (\a names) and the one chosen (-1: none); the combo's first entry
     * is "no labels".
     */
    void setLabelChoices(const QStringList &names, int current);
    /**
     * The frames a filter keeps (sorted), or an empty list with \a active false for every frame. With an active
     * filter and no frame kept, stepping does nothing and the bar says so.
     */
    void setAllowedFrames(const QList<qint64> &frames, bool active);
    [[nodiscard]] bool isFiltered() const { return mFiltered; }
    /** The frame after (\a step 1) or before (-1) \a from, among the allowed ones; \a from itself at the end. */
    [[nodiscard]] qint64 stepFrom(qint64 from, int step) const;
    [[nodiscard]] qint64 firstFrame() const;
    [[nodiscard]] qint64 lastFrame() const;

    // ---- playing
    [[nodiscard]] bool isPlaying() const;
    void setPlaying(bool playing);
    void setRate(int framesPerSecond);
    [[nodiscard]] int rate() const;
    /** The owner has drawn frame \a frame: the next tick may ask for another. */
    void frameShown(qint64 frame);
    /** Ticks skipped because the frame asked for before was not drawn yet, since Play. */
    [[nodiscard]] qint64 skippedFrames() const { return mSkipped; }

    [[nodiscard]] QSlider *slider() const { return mSlider; }
    [[nodiscard]] QSpinBox *spinBox() const { return mSpin; }
    [[nodiscard]] QComboBox *labelBox() const { return mLabelBox; }
    [[nodiscard]] QLineEdit *filterEdit() const { return mFilter; }
    [[nodiscard]] QToolButton *playButton() const { return mPlay; }

signals:
    void frameRequested(qint64 frame);
    /** The user chose label member \a index of setLabelChoices()'s names (-1: none). */
    void labelChoiceChanged(int index);
    /** The filter's text ("7", "> 3", empty for none) was edited and confirmed. */
    void filterEdited(const QString &text);
    void playingChanged(bool playing);

private:
    void tick();
    void updateInfo();
    void request(qint64 frame);

    qint64 mFrames = 0;
    qint64 mFrame = 0;
    bool mUpdating = false;
    bool mFiltered = false;
    QList<qint64> mAllowed;
    QSlider *mSlider;
    QSpinBox *mSpin;
    QLabel *mOf;
    QLabel *mLabel;
    QComboBox *mLabelBox;
    QLineEdit *mFilter;
    QToolButton *mPlay;
    QSpinBox *mRate;
    QLabel *mInfo;
    QTimer *mTimer;
    QElapsedTimer mClock;
    qint64 mPlayStart = 0;
    /** Frames (or allowed positions) the clock had reached at the last request. */
    qint64 mTicksDone = 0;
    qint64 mAsked = -1;
    qint64 mAskedAt = 0;
    bool mWaiting = false;
    qint64 mSkipped = 0;
};

} // namespace npyw
