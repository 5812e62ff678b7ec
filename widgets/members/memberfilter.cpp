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
    header->setMinimumSectionSize(40);
    limitColumns();
    if (model) {
        // Queued: the tree handles the change first (a reset shows every row again).
        auto later = [this]() { QTimer::singleShot(0, this, &MemberFilter::apply); };
        connect(model, &QAbstractItemModel::modelReset, this, later);
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
    int shown = 0;
    applyUnder(QModelIndex(), QString(), &shown);
    mVisible = shown;
    if (!text().isEmpty())
        mTree->expandAll();
}

bool MemberFilter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mTree && event->type() == QEvent::Resize)
        limitColumns();
    return QLineEdit::eventFilter(watched, event);
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
        any = any || visible;
    }
    return any;
}

} // namespace npyw
