#pragma once

#include <QLineEdit>
#include <QPointer>

class QTreeView;

namespace npyw {

class MemberModel;

/**
 * The filter box above the member tree: hides the members whose path (folders and name) does not
 * contain the text, case-insensitively, and the folders left empty. Rows are hidden in the view,
 * so the model and its indexes stay as they are. Also lays out the tree's columns for long names:
 * each column fits its contents up to half the tree's width, beyond which the text is elided in
 * the middle (the tooltip has the full name).
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

    /** The widest a column may grow, at least (half the tree's width when that is more). */
    static constexpr int kMinNameWidth = 160;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void limitColumns();
    bool applyUnder(const QModelIndex &parent, const QString &path, int *shown);

    QTreeView *mTree;
    QPointer<MemberModel> mModel;
    int mVisible = 0;
};

} // namespace npyw
