#pragma once

#include <QLineEdit>
#include <QPointer>

class QTimer;
class QTreeView;

namespace npyw {

class MemberModel;

/**
 * The filter box above the member tree: hides the members whose path (folders and name) does not
 * contain the text, case-insensitively, and the folders left empty. Rows are hidden in the view,
 * so the model and its indexes stay as they are. Also lays out the tree's columns for long names:
 * each column fits its contents up to half the tree's width, beyond which the text is elided in
 * the middle (the tooltip has the full name), the name column taking the room the others leave and
 * the stored sizes shown only when some member is compressed; and makes the tree sort by a click on a header
 * (MemberModel::sort(): ascending, descending, then the archive's order again).
 */
class MemberFilter : public QLineEdit
{
    Q_OBJECT

public:
    explicit MemberFilter(QTreeView *tree, QWidget *parent = nullptr);

    /** A widget with a filter box above \a tree (the filter is its child named "memberFilter"). */
    static QWidget *withFilter(QTreeView *tree, QWidget *parent = nullptr);
    /** The filter of a tree wrapped by withFilter(), or nullptr. */
    static MemberFilter *of(QTreeView *tree);

    /** Follows \a model, the tree's new model: re-filters when members change. */
    void attach(MemberModel *model);
    /** Shows and hides the rows for the current text. */
    void apply();
    /** The members shown (not hidden by the filter). */
    [[nodiscard]] int visibleMembers() const;
    /**
     * Expands the folders a reader wants open: level by level, the folders of at most
     * kExpandFolderRows rows each, as long as a whole level keeps the rows shown under
     * kExpandBudget; larger folders stay closed (an archive of 10^5 members opens at once).
     * Expands every folder when filtering.
     */
    void expandDefault();

    /** A folder of more rows than this is not expanded by expandDefault(). */
    static constexpr int kExpandFolderRows = 500;
    /** expandDefault() shows at most about this many rows. */
    static constexpr int kExpandBudget = 2000;

    /** The widest a column may grow, at least (half the tree's width when that is more). */
    static constexpr int kMinNameWidth = 160;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void limitColumns();
    /** Shows the stored sizes only when some member is compressed. */
    void showStoredColumn();
    bool applyUnder(const QModelIndex &parent, const QString &path, int *shown);

    QTreeView *mTree;
    QPointer<MemberModel> mModel;
    int mVisible = 0;
    /** True while some row is hidden (an empty filter then has rows to show again). */
    bool mAnyHidden = false;
    /** Changes of the model re-filter once, after the tree has handled them all. */
    QTimer *mLater;
};

} // namespace npyw
