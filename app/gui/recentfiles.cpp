#include "recentfiles.h"

#include <QAction>
#include <QDir>
#include <QMenu>
#include <QSettings>

namespace {

const QString kRecentKey = QStringLiteral("recentFiles");

} // namespace

RecentFiles::RecentFiles(QMenu *menu, std::function<void(const QString &path)> open, QObject *parent)
    : QObject(parent), mMenu(menu), mOpen(std::move(open))
{
    connect(mMenu, &QMenu::aboutToShow, this, &RecentFiles::rebuild);
}

void RecentFiles::add(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
}

QStringList RecentFiles::paths()
{
    return QSettings().value(kRecentKey).toStringList();
}

void RecentFiles::clear()
{
    QSettings().remove(kRecentKey);
}

void RecentFiles::rebuild()
{
    if (!mMenu)
        return;
    mMenu->clear();
    const QStringList recent = paths();
    for (const QString &path : recent) {
        QAction *a = mMenu->addAction(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, this, [this, path]() { mOpen(path); });
    }
    if (recent.isEmpty()) {
        mMenu->addAction(tr("(none)"))->setEnabled(false);
    } else {
        mMenu->addSeparator();
        connect(mMenu->addAction(tr("Clear List")), &QAction::triggered, this, &RecentFiles::clear);
    }
}
