// The Help menu (About, Keyboard Shortcuts) and Edit > Copy as NumPy Code.
#include "mainwindow.h"
#include "mainwindow_help.h"

#include "arraypane.h"
#include "deflate.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mainwindow_help {

QString aboutText()
{
    const QString version = QCoreApplication::applicationVersion();
    return QCoreApplication::translate("MainWindow",
                                       "<h3>NPY Inspector %1</h3>"
                                       "<p>Inspect and edit NumPy <code>.npy</code> and <code>.npz</code> files: "
                                       "tables, heatmaps and plots of arrays of any size, edits with undo, saves "
                                       "that keep what was not changed.</p>"
                                       "<p>Built with these libraries:</p>"
                                       "<ul>"
                                       "<li>Qt %2 — GNU LGPL version 3</li>"
                                       "<li>zlib %3 — zlib License</li>"
                                       "<li>libdeflate %4 — MIT License</li>"
                                       "%5"
                                       "<li>libbz2 %6 — BSD-style License</li>"
                                       "<li>liblzma %7 — public domain</li>"
                                       "</ul>"
                                       "<p>The colormap tables are generated from matplotlib's.</p>")
        .arg(version.isEmpty() ? QStringLiteral("(development build)") : version.toHtmlEscaped(),
             QString::fromLatin1(qVersion()), npy::codec::zlibVersion(), npy::codec::libdeflateVersion(),
             npy::codec::isalVersion().isEmpty()
                 ? QString()
                 : QStringLiteral("<li>ISA-L %1 — BSD 3-Clause License</li>").arg(npy::codec::isalVersion()),
             npy::codec::bzip2Version(), npy::codec::lzmaVersion());
}

QList<QPair<QString, QString>> shortcutList(const QMenuBar *bar)
{
    QList<QPair<QString, QString>> list;
    const QList<QAction *> menus = bar->actions();
    for (QAction *menuAction : menus) {
        const QMenu *menu = menuAction->menu();
        if (!menu)
            continue;
        const QString menuName = menuAction->text().remove(QLatin1Char('&'));
        const QList<QAction *> actions = menu->actions();
        for (QAction *a : actions) {
            if (a->isSeparator() || a->shortcut().isEmpty())
                continue;
            QString name = a->text().remove(QLatin1Char('&'));
            if (name.endsWith(QChar(0x2026)))
                name.chop(1);
            list.append({menuName + QStringLiteral(" > ") + name, a->shortcut().toString(QKeySequence::NativeText)});
        }
    }
    return list;
}

} // namespace mainwindow_help

void MainWindow::createHelpActions()
{
    // Edit > Copy as NumPy Code, after the other copies.
    auto *copyCode = new QAction(tr("Copy as &NumPy Code"), this);
    copyCode->setObjectName(QStringLiteral("copyNumpyCode"));
    copyCode->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    connect(copyCode, &QAction::triggered, this, [this]() { activePane()->copyAsNumpyCode(); });
    mActions.insert(QStringLiteral("copyNumpyCode"), copyCode);
    if (QAction *full = mActions.value(QStringLiteral("copyFull"))) {
        const QObjectList owners = full->associatedObjects();
        for (QObject *owner : owners) {
            if (auto *menu = qobject_cast<QMenu *>(owner)) {
                const QList<QAction *> actions = menu->actions();
                const qsizetype at = actions.indexOf(full) + 1;
                menu->insertAction(at < actions.size() ? actions.at(at) : nullptr, copyCode);
                break;
            }
        }
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    auto *shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, [this]() {
        auto *dialog = new QDialog(this);
        dialog->setObjectName(QStringLiteral("shortcutsDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowTitle(tr("Keyboard Shortcuts"));
        const auto list = mainwindow_help::shortcutList(menuBar());
        auto *table = new QTableWidget(int(list.size()), 2, dialog);
        table->setHorizontalHeaderLabels({tr("Command"), tr("Shortcut")});
        table->verticalHeader()->hide();
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        for (int i = 0; i < list.size(); ++i) {
            table->setItem(i, 0, new QTableWidgetItem(list[i].first));
            table->setItem(i, 1, new QTableWidgetItem(list[i].second));
        }
        table->resizeColumnsToContents();
        table->horizontalHeader()->setStretchLastSection(true);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
        auto *layout = new QVBoxLayout(dialog);
        layout->addWidget(table);
        layout->addWidget(buttons);
        dialog->resize(520, 600);
        dialog->show();
    });
    shortcuts->setObjectName(QStringLiteral("shortcuts"));
    shortcuts->setShortcut(QKeySequence(QKeySequence::HelpContents).isEmpty() ? QKeySequence(Qt::Key_F1)
                                                                             : QKeySequence(QKeySequence::HelpContents));
    mActions.insert(QStringLiteral("shortcuts"), shortcuts);
    help->addSeparator();
    auto *about = help->addAction(tr("&About NPY Inspector"), this, [this]() {
        auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About NPY Inspector"), mainwindow_help::aboutText(),
                                    QMessageBox::Close, this);
        box->setObjectName(QStringLiteral("aboutBox"));
        box->setTextFormat(Qt::RichText);
        box->setIconPixmap(windowIcon().pixmap(64, 64));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    about->setObjectName(QStringLiteral("about"));
    about->setMenuRole(QAction::AboutRole);
    mActions.insert(QStringLiteral("about"), about);
    auto *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}
