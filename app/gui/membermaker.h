#pragma once

/**
 * @file
 * Edit > New Member…, New Member from Selection and New Member from Clipboard: new members of the window's
 * document, each one undo step (Document::startNewMember(): computed on a worker, then pushed).
 *
 * The dialog (newmemberdialog.h) only collects what the user typed; the public calls do the work, so that tests
 * drive them directly.
 */

#include "arraymaker.h"

#include <QHash>
#include <QObject>

#include <functional>

class QAction;
class QWidget;

namespace npyw {
class ArrayPane;
class Document;
} // namespace npyw

class MemberMaker : public QObject
{
    Q_OBJECT

public:
    /**
     * Makes members of the document \a document() gives, from the table \a pane() gives (both change as the window
     * opens other files); the dialog is a child of \a window.
     */
    MemberMaker(QWidget *window, std::function<npyw::Document *()> document, std::function<npyw::ArrayPane *()> pane);

    /** The actions, by key: newMember, newMemberFromSelection, newMemberFromClipboard. */
    [[nodiscard]] QAction *action(const QString &key) const { return mActions.value(key); }
    /** Enables the actions when the document takes a new member (a file is open, no save or new member running). */
    void updateActions();

    /** The most bytes a new member may take (a quarter of the memory, as for an inflated member). */
    [[nodiscard]] static qint64 memoryBudget();

    /**
     * Adds member \a key made as \a spec says (npy::ArrayMaker) after the last member. False with \a why when
     * refused at once (a name taken, a spec NumPy would refuse); the outcome of a started one comes through
     * finished().
     */
    bool create(const QString &key, const npy::MakeSpec &spec, QString *why = nullptr);
    /**
     * Adds member \a key (empty: "selection", made unique) holding the table's selected cells: a rectangle as
     * its crop, other selections as their cells in row-major order (npy::cropCells()).
     */
    bool fromSelection(const QString &key = QString(), QString *why = nullptr);
    /**
     * Adds member \a key (empty: "pasted", made unique) read from \a text: a block of numbers or NumPy code
     * (npy::arrayFromText(), read on a worker).
     */
    bool fromText(const QString &text, const QString &key = QString(), QString *why = nullptr);
    /** fromText() of the clipboard's text. */
    bool fromClipboard(QString *why = nullptr);

signals:
    /** A started member was added (\a ok, its id \a id) or not (\a message says why). */
    void finished(bool ok, const QString &message, int id);
    void statusMessage(const QString &text, int timeout);

private:
    [[nodiscard]] npyw::Document *document() const { return mDocument(); }
    [[nodiscard]] npyw::ArrayPane *pane() const { return mPane(); }
    bool refuse(QString *why, const QString &message);
    /** Why the document takes no new member now (empty: it does). */
    [[nodiscard]] QString busy() const;
    /** Starts \a job for member \a key, announced as \a text; its answer goes to finished() and the status bar. */
    bool start(const QString &key, std::function<npy::Result<npy::NpyArray>(const std::atomic_bool &)> job,
               const QString &text, QString *why);
    void newMemberDialog();

    QWidget *mWindow;
    std::function<npyw::Document *()> mDocument;
    std::function<npyw::ArrayPane *()> mPane;
    QHash<QString, QAction *> mActions;
};
