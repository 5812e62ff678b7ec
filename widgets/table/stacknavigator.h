#pragma once

#include "npyheader.h"
#include "picturelayout.h"
#include "slicespec.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace npyw {

class ArrayPane;
class Document;
class FrameBar;

/**
 * The frames of the stack an ArrayPane shows: which frame the slice is on, stepping through them, the labels of
 * another member, and a filter on those labels.
 *
 * A frame is one picture of the stack: its frame axes (npy::PictureLayout) are every axis but the slice's rows and
 * columns and, for a colour picture, its channels; frames are numbered in C order over them. Moving to a frame
 * moves the pane's slice bar (which moves the table, the heatmap and the picture); the frame bars given follow.
 *
 * Keys: PageUp / PageDown step frames from the table and the pictures; on the pictures also Left / Right, Home
 * / End for the first and last frame, and Space to play or pause (watchKeys()).
 *
 * Labels: another member of the document that is 1-D with the stack's frame count (`y_train` for `x_train`)
 * labels the frames ("y_train = 4"). The one whose name shares the most with the stack's is chosen first; the user
 * may pick another or none. A filter on the label ("7", "> 3", "2..5", as npy::parseShortCondition() reads it)
 * keeps only the frames whose label matches (npy::find() on the label member).
 */
class StackNavigator : public QObject
{
    Q_OBJECT

public:
    StackNavigator(Document *document, ArrayPane *pane, QObject *parent = nullptr);

    /** A frame bar to keep in step (it asks for frames; it is told the frame, the labels and the filter). */
    void addBar(FrameBar *bar);
    /** Handles the frame keys on \a widget: PageUp/PageDown, and with \a pictureKeys Left/Right, Home/End, Space. */
    void watchKeys(QWidget *widget, bool pictureKeys);

    /** The member shown, read by \a layout, on slice \a spec. */
    void setState(int memberId, const npy::NpyHeader &header, const npy::PictureLayout &layout,
                  const npy::SliceSpec &spec);
    /** Nothing to step through. */
    void clear();

    [[nodiscard]] qint64 frame() const { return mFrame; }
    [[nodiscard]] qint64 frames() const { return mLayout.frames; }
    [[nodiscard]] const npy::PictureLayout &layout() const { return mLayout; }
    void goTo(qint64 frame);
    /** The next (\a delta 1) or previous (-1) frame, among those the filter keeps. */
    void step(int delta);
    void toFirst();
    void toLast();

    /** The label member's id (-1: none) and its candidates' ids. */
    [[nodiscard]] int labelMember() const { return mLabelId; }
    [[nodiscard]] const QList<int> &labelCandidates() const { return mCandidates; }
    /** Labels the frames with member \a id (one of labelCandidates(); -1: none). */
    void setLabelMember(int id);
    /** "y_train = 4" for \a frame, empty without a label member (or before it is loaded). */
    [[nodiscard]] QString labelText(qint64 frame) const;
    /** The label's value alone ("4"), for captions that name the member elsewhere. */
    [[nodiscard]] QString labelValue(qint64 frame) const;
    /** Keeps only the frames whose label matches \a text (empty: every frame); false with \a error if it cannot. */
    bool setFilter(const QString &text, QString *error = nullptr);
    [[nodiscard]] const QList<qint64> &allowedFrames() const { return mAllowed; }
    [[nodiscard]] bool isFiltered() const { return mFiltered; }

signals:
    /** The frame shown changed (the slice moved to it). */
    void frameChanged(qint64 frame);
    /** The label member, its values or the filter changed. */
    void labelsChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void findCandidates();
    void syncBars();
    void applyFilter();

    QPointer<Document> mDocument;
    ArrayPane *mPane;
    QList<QPointer<FrameBar>> mBars;
    QHash<QObject *, bool> mKeyWidgets;
    int mMemberId = -1;
    npy::NpyHeader mHeader;
    npy::PictureLayout mLayout;
    npy::SliceSpec mSpec;
    qint64 mFrame = 0;
    QList<int> mCandidates;
    int mLabelId = -1;
    /** Each stack member's label choice (-1: none), kept while another member is shown. */
    QHash<int, int> mLabelChoice;
    QString mFilterText;
    bool mFiltered = false;
    QList<qint64> mAllowed;
};

} // namespace npyw
