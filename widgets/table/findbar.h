#pragma once

#include "find.h"

#include <QPointer>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QToolButton;

namespace npyw {

class Document;

/**
 * The find bar under the table (Ctrl+F): a condition (=, ≠, <, ≤, >, ≥, between, NaN, ±Inf,
 * not finite; a tolerance for =) searched over the whole member (or the struct field the table's
 * current column shows), not just the visible slice, by the engine's find on a worker with
 * progress and cancel. The match count is shown; next / previous (F3 / Shift+F3) move the table's
 * cursor and the slice bar to each match, which the heatmap outlines. Also answers Go to Maximum
 * / Minimum (np.nanargmax / nanargmin). Searches the document's current data, edits included.
 *
 * It knows no table: its owner tells it the member shown (setMember()), gives it a function that
 * names the struct field of the table's current column, and moves the table on matchShown().
 */
class FindBar : public QWidget
{
    Q_OBJECT

public:
    /**
     * A find bar over \a document's members; \a currentLeaf (not empty) gives the leaf (struct field)
     * of the table's current column, searched when the field is kCurrentField. Not owned: \a document.
     */
    FindBar(Document *document, std::function<int()> currentLeaf, QWidget *parent = nullptr);
    ~FindBar() override;

    /**
     * The member the table shows (-1: none): the one searched. The conditions that cannot hold for its
     * values are offered no more (NaN and ±Inf for integers and bools, ±Inf for dates).
     */
    void setMember(int memberId);

    /** Shows the bar and puts the cursor in the value field. */
    void activate();
    /** Sets the condition in the controls (for tests and scripts). */
    void setCondition(const npy::FindCondition &condition);
    /** Searches the shown member with the condition in the controls. */
    void find();
    /** Goes to the next / previous match (searching first when the condition changed). */
    void next();
    void previous();
    /** goToExtreme()'s field: the one the table's current column shows. */
    static constexpr int kCurrentField = -2;
    /**
     * Searches for the largest / smallest non-NaN element and goes there; of leaf \a field of a
     * record array (the plot's field, say), or of the table's current column's.
     */
    void goToExtreme(bool maximum, int field = kCurrentField);
    void cancel();

    [[nodiscard]] bool isSearching() const { return mRunning != nullptr; }
    /** Matches found by the last search (the count covers all; the list the first 10^6). */
    [[nodiscard]] qint64 matchCount() const { return mResult.count; }
    [[nodiscard]] const QList<qint64> &matches() const { return mResult.matches; }
    /** The match the cursor is on (-1: none). */
    [[nodiscard]] qint64 currentMatch() const { return mCurrent; }
    [[nodiscard]] QString statusText() const;

signals:
    /** A search finished (not sent when cancelled). */
    void searched();
    /**
     * A match (or the maximum / minimum) at N-d \a index is the current one: the owner moves the
     * table's cursor there first (it connects first), then the heatmap outlines it.
     */
    void matchShown(const QList<qint64> &index);

private:
    [[nodiscard]] bool readCondition(npy::FindCondition *condition, QString *why) const;
    void start(const npy::FindCondition &condition, bool extreme, int field = kCurrentField);
    void showMatch(qint64 which);
    void conditionEdited();
    /** The type of the column searched: the member's, or its current struct field's (Kind::Void if none). */
    [[nodiscard]] npy::DType searchedLeafType() const;
    /** Enables the conditions that can hold for the searched column's type (see setMember()). */
    void updateConditions();

    QPointer<Document> mDocument;
    std::function<int()> mCurrentLeaf;
    int mMemberId = -1;
    QComboBox *mOp;
    QLineEdit *mValue;
    QLineEdit *mHigh;
    QLineEdit *mTolerance;
    QLabel *mStatus;
    QProgressBar *mProgress;
    QToolButton *mCancel;
    std::shared_ptr<std::atomic_bool> mRunning;
    int mGeneration = 0;
    /** The member the matches belong to; stale once its values or the condition change. */
    int mSearchedMember = -1;
    bool mStale = true;
    npy::FindResult mResult;
    qint64 mCurrent = -1;
    bool mGoAfterSearch = false;
};

} // namespace npyw
