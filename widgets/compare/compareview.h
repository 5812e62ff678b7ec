#pragma once

#include "compare.h"
#include "compareheatmap.h"
#include "comparemodel.h"
#include "source.h"

#include <QWidget>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QHBoxLayout;
class QListWidget;
class QSpinBox;
class QTableView;

namespace npyw {


/**
 * The compare view: file A against file B with the comparison engine (core/analysis/compare.h).
 *
 * Left, the members with their status (same, differs and how many, only in A or B, not
 * comparable). Right, for the chosen member: a summary line (count, max |A − B| and where), A and
 * B side by side as tables that scroll, slice (an N-d member: one index per leading axis) and
 * select in lock-step with differing cells highlighted,
 * and a heatmap of the differences (A − B, |A − B| or relative; NaN mismatches in their own
 * colour). F3 / Shift+F3 walk to the next / previous differing element in C order across the
 * whole member. Tolerances (rtol, atol, equal NaN) apply at once. The differences can be copied
 * or exported as CSV. The files are compared as saved on disk. Dropping one file on the view
 * compares A with it instead of B; dropping two compares them.
 */
class CompareView : public QWidget
{
    Q_OBJECT

public:
    explicit CompareView(QWidget *parent = nullptr);
    ~CompareView() override;

    /**
     * Opens \a pathA and \a pathB (their headers) and starts comparing them on a worker (compared()
     * follows); false with \a error when either cannot be opened.
     */
    bool open(const QString &pathA, const QString &pathB, QString *error = nullptr);
    /** A top-level compare window of \a pathA against \a pathB (deleted on close); nullptr after an error message. */
    static CompareView *showWindow(const QString &pathA, const QString &pathB, QWidget *parent = nullptr);
    /** Asks for file B (and A when \a pathA is empty) and shows the compare window. */
    static CompareView *chooseAndShow(QWidget *parent, const QString &pathA);

    [[nodiscard]] npy::CompareOptions options() const { return mOptions; }
    /** Sets the tolerances (and the fields showing them) and compares again at once (compared() follows). */
    void setOptions(const npy::CompareOptions &options);

    /** True while a comparison runs on the worker. */
    [[nodiscard]] bool isComparing() const { return mComparing; }
    [[nodiscard]] int memberCount() const { return int(mDiffs.size()); }
    [[nodiscard]] const npy::MemberDiff &memberDiff(int i) const { return mDiffs[i]; }
    [[nodiscard]] int currentMember() const { return mCurrent; }
    void selectMember(int i);

    [[nodiscard]] QString summaryText() const;
    /** The C-order index of the current element of the tables, -1 when none. */
    [[nodiscard]] qint64 currentElement() const;
    /** Moves to the next (previous) differing element; false when there is none. */
    bool nextDifference();
    bool previousDifference();

    /** The differing elements of the current member as CSV (one index column per axis, a, b), at most \a limit rows. */
    [[nodiscard]] QString differencesCsv(qint64 limit = -1) const;
    bool exportCsv(const QString &path, QString *error = nullptr) const;

    [[nodiscard]] QTableView *tableA() const { return mTableA; }
    [[nodiscard]] QTableView *tableB() const { return mTableB; }
    [[nodiscard]] const DifferenceImage &heatmap() const { return mHeatmap; }

Q_SIGNALS:
    /** The comparison was (re)computed: after open() and after every tolerance change. */
    void compared();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void recompute();
    void applyComparison(const QList<npy::MemberDiff> &diffs);
    void showMember(int i, bool reload);
    void updateMemberList();
    void updateSummary();
    void renderHeatmap();
    /** One spin box per leading axis of an N-d member (hidden for 0-d, 1-D and 2-D). */
    void rebuildSliceBar();
    void syncSliceBar();
    /** Redraws the tables and the heatmap after the slice changed. */
    void showSlice();
    void readTolerances();
    void setCurrentElement(qint64 flat);
    bool stepDifference(int direction);
    void copyDifferences();
    void exportDialog();

    std::shared_ptr<const npy::Source> mSourceA;
    std::shared_ptr<const npy::Source> mSourceB;
    QList<npy::MemberPair> mPairs;
    QList<npy::MemberDiff> mDiffs;
    npy::CompareOptions mOptions;
    std::shared_ptr<ComparePair> mPair;
    CompareTableModel *mModelA = nullptr;
    CompareTableModel *mModelB = nullptr;
    QListWidget *mMembers = nullptr;
    QTableView *mTableA = nullptr;
    QTableView *mTableB = nullptr;
    QLabel *mSummary = nullptr;
    DifferenceCanvas *mCanvas = nullptr;
    QWidget *mSliceBar = nullptr;
    QHBoxLayout *mSliceLayout = nullptr;
    QList<QSpinBox *> mSliceBoxes;
    QLabel *mLegend = nullptr;
    QLineEdit *mRtol = nullptr;
    QLineEdit *mAtol = nullptr;
    QCheckBox *mEqualNan = nullptr;
    QComboBox *mMode = nullptr;
    DifferenceImage mHeatmap;
    QString mMemberError;
    int mCurrent = -1;
    bool mSyncing = false;
    bool mComparing = false;
    /** The next comparison reloads the current member's arrays (new files). */
    bool mReload = false;
    std::shared_ptr<std::atomic_bool> mCancel;
};

} // namespace npyw
