#pragma once

/**
 * @file
 * Edit > Array: the structural edits of the member the table shows (transpose, reshape, change type,
 * insert and delete rows or columns), each one undo step of the document (Document::setArray()).
 *
 * The dialogs only collect what the user typed; the public calls do the work, so that tests drive
 * them directly. Everything that reads the elements (an unsafe cast's check, a copy) runs on a
 * worker: the window never waits.
 */

#include "arraytransform.h"

#include <QHash>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QAction;
class QMenu;
class QWidget;

namespace npyw {
struct Member;
class ArrayPane;
class Document;
} // namespace npyw

class ArrayEditor : public QObject
{
    Q_OBJECT

public:
    /**
     * Asked before an unsafe cast that changes values: \a text says what would change. True goes on.
     * The default is a warning box with Change Type and Cancel.
     */
    using CastPrompt = std::function<bool(QWidget *parent, const QString &title, const QString &text)>;
    static void setCastPrompt(CastPrompt prompt);
    /**
     * Asked before an edit whose result is larger than memoryBudget(): \a text gives its size and the
     * folder its temporary file goes to. True goes on. The default is a question box with Continue and
     * Cancel.
     */
    static void setSizePrompt(CastPrompt prompt);
    /**
     * The largest result an edit keeps in memory (npy::inflateBudget(), the budget members are loaded
     * in); a larger one is written to a temporary file in the system's temporary folder, or in the
     * user's cache folder when the temporary folder is a tmpfs (in memory).
     */
    [[nodiscard]] static npy::TransformOptions transformOptions();

    /**
     * Edits the member the pane \a pane() gives shows, in the document \a document() gives (both may change
     * as the window opens other files); the dialogs are children of \a window.
     */
    ArrayEditor(QWidget *window, std::function<npyw::Document *()> document, std::function<npyw::ArrayPane *()> pane);

    /** The Array submenu (its actions have object names: arrayTranspose, arrayReshape, ...). */
    [[nodiscard]] QMenu *menu() const { return mMenu; }
    [[nodiscard]] QAction *action(const QString &key) const { return mActions.value(key); }
    /** Enables the actions for what is shown (a loaded array, no save or array edit running). */
    void updateActions();
    /** True from working() until finished(): a check or an edit runs on a worker. */
    [[nodiscard]] bool isWorking() const { return mWorking; }
    /** Stops the running check or edit: finished() then says it was cancelled and nothing changes. */
    void cancel();

    /** `np.transpose(a, axes)` (empty: reversed axes). False with \a why when refused. */
    bool transpose(const QList<qint64> &axes, QString *why = nullptr);
    /** `np.reshape(a, shape, order)` with \a shapeText as NumPy writes a shape: `(3, -1)`, `12`, `3,4`. */
    bool reshape(const QString &shapeText, npy::MemoryOrder order, QString *why = nullptr);
    /**
     * `a.astype(dtype, casting=casting)`. Under safe and same_kind what NumPy allows is applied at once;
     * under unsafe a cast that may change values is first checked on a worker (CastReport), and the cast
     * prompt says what would change before it is applied (nothing to say: applied at once). False when refused at once (an unknown dtype, a cast
     * \a casting does not allow); the outcome of a started cast comes through finished().
     */
    bool changeType(const QString &dtypeText, npy::Casting casting, QString *why = nullptr);
    /**
     * `np.insert(a, [at] * count, fill, axis)` along the table's row axis (\a rows) or column axis;
     * \a fillText is typed as a cell's value (empty: zeros).
     */
    bool insertSlices(bool rows, qint64 at, qint64 count, const QString &fillText, QString *why = nullptr);
    /** `np.delete(a, slice(from, from + count), axis)` along the table's row or column axis. */
    bool deleteSlices(bool rows, qint64 from, qint64 count, QString *why = nullptr);

    /** Parses a shape or an axis list as NumPy writes one: `(2, -1)`, `(5,)`, `2,3`, `7`, `()`. */
    [[nodiscard]] static bool parseIntTuple(const QString &text, QList<qint64> *out);
    /** The warning text of an unsafe cast's report (empty when nothing changes). */
    [[nodiscard]] static QString castWarning(const QString &key, const npy::DType &from, const npy::DType &to,
                                             const npy::CastReport &report);

signals:
    /** Work named \a text began on a worker (an unsafe cast's check, an edit's copy): progress() follows. */
    void working(const QString &text);
    /** How far the work is: \a done of \a total. */
    void progress(qint64 done, qint64 total);
    /** A started edit ended: \a ok, or \a message says why not (also sent as a status message). */
    void finished(bool ok, const QString &message);
    void statusMessage(const QString &text, int timeout);

private:
    [[nodiscard]] npyw::Document *document() const { return mDocument(); }
    [[nodiscard]] npyw::ArrayPane *pane() const { return mPane(); }
    /** The shown member's id when it is a loaded array, else -1 (and \a why says so). */
    int editableMember(QString *why) const;
    /** The member a dialog is for (editableMember()'s), or nullptr after saying why in the status bar. */
    const npyw::Member *dialogMember();
    /** The table's row (\a rows) or column axis of the shown member, -1 for none. */
    [[nodiscard]] int tableAxis(bool rows) const;
    [[nodiscard]] QList<qint64> currentIndex() const;
    bool refuse(QString *why, const QString &message);
    /**
     * Runs \a start (which asks the document for the step named \a text) with the document's answer routed to
     * the status bar and finished(); false, with why, when the document cannot start it now.
     */
    bool startEdit(const QString &text, const std::function<bool(npyw::Document *)> &start, QString *why);
    /** transformMember(); \a announced: the size was already announced (announceSize()). */
    bool applyTransform(int id, const npy::ArrayTransform &transform, const QString &text, QString *why,
                        bool announced = false);
    /**
     * When \a bytes pass the memory budget: true when the folder for the temporary file has room and the
     * size prompt agrees; else false with \a why. True at once for smaller results.
     */
    bool announceSize(const QString &text, qint64 bytes, QString *why);
    /** Ends a piece of work: emits finished() (and the message in the status bar when it failed). */
    void end(bool ok, const QString &message);
    /** The check of an unsafe cast ended: prompts and applies it while \a unchanged() says the document is as it was. */
    void castChecked(int id, npy::ArrayTransform transform, npy::DType to, const QString &text,
                     const npy::Result<npy::CastReport> &report, const std::function<bool()> &unchanged);

    void transposeDialog();
    void reshapeDialog();
    void changeTypeDialog();
    void insertDialog(bool rows);
    void deleteSelected(bool rows);

    QWidget *mWindow;
    std::function<npyw::Document *()> mDocument;
    std::function<npyw::ArrayPane *()> mPane;
    QMenu *mMenu;
    QHash<QString, QAction *> mActions;
    bool mChecking = false;
    bool mWorking = false;
    std::shared_ptr<std::atomic_bool> mCheckCancel;
};
