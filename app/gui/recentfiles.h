#pragma once

/**
 * @file
 * RecentFiles: the list of files recently opened or saved, and the File > Open Recent menu.
 *
 * The list lives in QSettings (key "recentFiles", newest first, at most kMaxRecent paths) and is
 * shared by every window. A RecentFiles object fills one window's menu from it each time the menu
 * is about to show, so that every window offers the same list.
 */

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>

class QMenu;

class RecentFiles : public QObject
{
    Q_OBJECT

public:
    /** How many paths the list keeps. */
    static constexpr int kMaxRecent = 10;

    /**
     * Fills \a menu (not owned; watched: nothing happens once it is gone) from the list before it shows.
     * Choosing a path calls \a open with it.
     */
    RecentFiles(QMenu *menu, std::function<void(const QString &path)> open, QObject *parent = nullptr);

    /** Puts \a path first in the list (once), dropping the oldest past kMaxRecent. */
    static void add(const QString &path);
    /** The list, newest first. */
    [[nodiscard]] static QStringList paths();
    /** Empties the list. */
    static void clear();

private:
    void rebuild();

    QPointer<QMenu> mMenu;
    std::function<void(const QString &)> mOpen;
};
