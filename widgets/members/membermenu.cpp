#include "membermenu.h"

#include "membermodel.h"
#include "pickleview.h"

#include <QAbstractItemView>
#include <QAction>
#include <QItemSelectionModel>
#include <QMenu>
#include <QPointer>
#include <QVariant>

namespace npyw {

namespace {

const char *const kActionsProperty = "npyMemberActions";

QList<QPointer<QAction>> storedActions(const QAbstractItemView *view)
{
    return view->property(kActionsProperty).value<QList<QPointer<QAction>>>();
}

} // namespace

QMenu *memberMenu(QAbstractItemView *view, const QPoint &pos)
{
    auto *model = qobject_cast<MemberModel *>(view->model());
    const QModelIndex index = view->indexAt(pos);
    if (!model || !index.isValid() || model->memberId(index) < 0)
        return nullptr;
    QItemSelectionModel *selection = view->selectionModel();
    if (selection && !selection->isRowSelected(index.row(), index.parent()))
        view->setCurrentIndex(index.siblingAtColumn(MemberModel::NameColumn));
    auto *menu = new QMenu(view);
    for (const QPointer<QAction> &action : storedActions(view)) {
        if (!action)
            menu->addSeparator();
        else
            menu->addAction(action);
    }
    return menu;
}

void installMemberMenu(QAbstractItemView *view, const QList<QAction *> &memberActions)
{
    QList<QPointer<QAction>> actions;
    for (QAction *a : memberActions)
        actions.append(QPointer<QAction>(a));
    view->setProperty(kActionsProperty, QVariant::fromValue(actions));
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(view, &QWidget::customContextMenuRequested, view, [view](const QPoint &pos) {
        if (execPickleValueMenu(view, pos))
            return;
        QMenu *menu = memberMenu(view, pos);
        if (!menu)
            return;
        menu->exec(view->viewport()->mapToGlobal(pos));
        delete menu;
    });
}

} // namespace npyw
