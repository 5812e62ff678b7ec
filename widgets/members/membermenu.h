#pragma once

#include <QList>

class QAbstractItemView;
class QAction;
class QMenu;
class QPoint;

namespace npyw {

/**
 * Gives \a view (showing a MemberModel) its context menu: on a member, \a memberActions (a null
 * entry is a separator), after making the member current unless it is already among the selected
 * rows, so the actions act on what was clicked; on an ndarray inside a pickled member, "Export Value
 * as .npy…" (execPickleValueMenu()); nothing elsewhere. The actions stay the caller's (a window's
 * menu actions, say: their shortcuts and enabled states hold in the menu too).
 */
void installMemberMenu(QAbstractItemView *view, const QList<QAction *> &memberActions);

/**
 * The menu installMemberMenu() shows at \a pos of \a view, or nullptr when it shows none there; the
 * caller owns it (tests look at it without running it).
 */
QMenu *memberMenu(QAbstractItemView *view, const QPoint &pos);

} // namespace npyw
