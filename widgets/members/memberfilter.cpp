#include "memberfilter.h"

#include "document.h"
#include "membermodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace npyw {

namespace {

/** Cuts its text at the right: a 0-d member's value ("() = 0.00083333…") keeps its leading digits. */
class ElideRightDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideRight;
    }
};

} // namespace

MemberFilter::MemberFilter(QTreeView *tree, QWidget *parent) : QLineEdit(parent), mTree(tree)
{
    setObjectName(QStringLiteral("memberFilter"));
    setPlaceholderText(tr("Filter members"));
    setClearButtonEnabled(true);
    setToolTip(tr("Show only the members whose name contains this text"));
    mTree->setTextElideMode(Qt::ElideMiddle); // long names keep their start and end
    mTree->setItemDelegateForColumn(MemberModel::ShapeColumn, new ElideRightDelegate(mTree));
    mTree->installEventFilter(this);
    // Sorting: a click on a header sorts, a third click goes back to the archive's order.
    mTree->header()->setSortIndicatorClearable(true);
    mTree->header()->setSortIndicator(-1, Qt::AscendingOrder);
    mTree->setSortingEnabled(true);
    mLater = new QTimer(this);
    mLater->setSingleShot(true);
    mLater->setInterval(0);
    connect(mLater, &QTimer::timeout, this, &MemberFilter::apply);
    connect(this, &QLineEdit::textChanged, this, &MemberFilter::apply);
}

QWidget *MemberFilter::withFilter(QTreeView *tree, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(new MemberFilter(tree, box));
    layout->addWidget(tree, 1);
    return box;
}

MemberFilter *MemberFilter::of(QTreeView *tree)
{
    return tree && tree->parentWidget() ? tree->parentWidget()->findChild<MemberFilter *>(QStringLiteral("memberFilter"))
                                        : nullptr;
}

void MemberFilter::attach(MemberModel *model)
{
    if (mModel)
        disconnect(mModel, nullptr, this, nullptr);
    mModel = model;
    QHeaderView *header = mTree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The name takes the room the other columns leave: every column fits the dock's width (a long
    // name is elided, its tooltip has it whole).
    header->setSectionResizeMode(MemberModel::NameColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(40);
    limitColumns();
    showStoredColumn();
    if (model) {
        // Queued: the tree handles the change first (a reset shows every row again); a burst of
        // changes (a folder's rows repainted each) filters once.
        auto later = [this]() {
            if (!text().trimmed().isEmpty() || mAnyHidden)
                mLater->start();
        };
        connect(model, &QAbstractItemModel::modelReset, this, [this]() {
            mAnyHidden = false; // a reset shows every row again
            mLater->start();
            showStoredColumn();
        });
        connect(model, &QAbstractItemModel::rowsInserted, this, later);
        connect(model, &QAbstractItemModel::rowsRemoved, this, later);
        connect(model, &QAbstractItemModel::dataChanged, this, later);
    }
    apply();
}

void MemberFilter::apply()
{
    if (!mModel || mTree->model() != mModel)
        return;
    mLater->stop();
    if (text().trimmed().isEmpty() && !mAnyHidden) {
        mVisible = mModel->document() ? mModel->document()->memberCount() : 0;
        return; // nothing hidden, nothing to hide: no pass over every row
    }
    int shown = 0;
    mAnyHidden = false;
    applyUnder(QModelIndex(), QString(), &shown);
    mVisible = shown;
    if (!text().trimmed().isEmpty())
        mTree->expandAll();
}

void MemberFilter::expandDefault()
{
    if (!mModel || mTree->model() != mModel)
        return;
    if (!text().trimmed().isEmpty()) {
        mTree->expandAll();
        return;
    }
    int shown = mModel->rowCount();
    std::vector<QModelIndex> level{QModelIndex()};
    while (!level.empty() && shown < kExpandBudget) {
        // A level opens whole or not at all (not the first few of a thousand folders).
        std::vector<QModelIndex> next;
        int inside = 0;
        for (const QModelIndex &parent : level) {
            const int rows = mModel->rowCount(parent);
            for (int row = 0; row < rows && shown + inside <= kExpandBudget; ++row) {
                const QModelIndex index = mModel->index(row, MemberModel::NameColumn, parent);
                const int count = mModel->memberId(index) < 0 ? mModel->rowCount(index) : 0;
                if (count == 0 || count > kExpandFolderRows)
                    continue;
                inside += count;
                next.push_back(index);
            }
        }
        if (shown + inside > kExpandBudget)
            break;
        for (const QModelIndex &index : next)
            mTree->expand(index);
        shown += inside;
        level = std::move(next);
    }
}

bool MemberFilter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mTree && event->type() == QEvent::Resize)
        limitColumns();
    return QLineEdit::eventFilter(watched, event);
}

void MemberFilter::showStoredColumn()
{
    // Stored sizes say something only when some member is compressed; otherwise the column repeats
    // the sizes and takes the room of the names.
    const Document *document = mModel ? mModel->document() : nullptr;
    const bool compressed = document && document->fileFormat() == npy::FileFormat::Npz
                            && document->saveAsFormat() == npy::SaveFormat::NpzCompressed;
    mTree->setColumnHidden(MemberModel::StoredColumn, !compressed);
}

void MemberFilter::limitColumns()
{
    // No column (a long name) may take more than half of the tree: it is elided instead.
    mTree->header()->setMaximumSectionSize(std::max(kMinNameWidth, mTree->width() / 2));
}

int MemberFilter::visibleMembers() const
{
    return mVisible;
}

bool MemberFilter::applyUnder(const QModelIndex &parent, const QString &path, int *shown)
{
    const QString needle = text().trimmed();
    bool any = false;
    for (int row = 0; row < mModel->rowCount(parent); ++row) {
        const QModelIndex index = mModel->index(row, MemberModel::NameColumn, parent);
        QString name = mModel->data(index, Qt::DisplayRole).toString();
        if (name.endsWith(QLatin1String(" *")))
            name.chop(2);
        const QString full = path + name;
        bool visible = false;
        if (mModel->memberId(index) < 0) {
            // A folder stays when anything under it matches.
            visible = applyUnder(index, full, shown);
        } else {
            visible = needle.isEmpty() || full.contains(needle, Qt::CaseInsensitive);
            if (visible)
                ++*shown;
        }
        mTree->setRowHidden(row, parent, !visible);
        mAnyHidden = mAnyHidden || !visible;
        any = any || visible;
    }
    return any;
}

} // namespace npyw
