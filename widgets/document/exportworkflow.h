#pragma once

// The export and "save one member as .npy" workflows of an inspector window, below MainWindow so
// that they can be tested without it: what to write is decided here (through core's save policy,
// npy::planMemberSave()), the writing runs on a worker, and signals say how it went.

#include "deflate.h"
#include "document.h"
#include "slicespec.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

namespace npyw {


/**
 * Exports members of a Document (to a folder of `.npy` files or to a new archive), a block of a
 * member's slice (to CSV), or one member to an `.npy` file (Save As .npy with several members).
 *
 * Nothing is overwritten without asking the overwrite prompt: a single target before anything
 * runs, a folder once the worker knows which files clash (then the export runs again, overwriting,
 * if the prompt agrees). The document may go on being edited while an export runs: each export
 * writes the members as they were when it started.
 */
class ExportWorkflow : public QObject
{
    Q_OBJECT

public:
    /** What an export writes. */
    enum class Kind { Folder, Npz, NpzCompressed, SliceCsv, SelectionCsv };
    /** Asks whether to overwrite \a existing files (names relative to the target); true goes on. */
    using OverwritePrompt = std::function<bool(const QStringList &existing)>;

    explicit ExportWorkflow(Document *document, QObject *parent = nullptr);

    /** Exports from now on come from \a document (exports under way finish as they started). */
    void setDocument(Document *document) { mDocument = document; }
    /** Replaces the overwrite question (the default declines: nothing is overwritten). */
    void setOverwritePrompt(OverwritePrompt prompt) { mPrompt = std::move(prompt); }

    /**
     * Starts exporting members \a ids to \a path (\a kind Folder, Npz or NpzCompressed; the
     * latter compressed at \a level). False when it cannot start: no member, or the user declined
     * to overwrite the target file.
     */
    bool exportMembers(Kind kind, const QString &path, const QList<int> &ids,
                       npy::CompressionLevel level = npy::CompressionLevel::Default);
    /**
     * Starts writing \a block of slice \a spec of member \a memberId (which must be loaded) to the
     * CSV file \a path. False when it cannot start.
     */
    bool exportCsv(const QString &path, int memberId, const npy::SliceSpec &spec, const npy::CellRange &block);
    /**
     * Starts writing member \a memberId alone to the `.npy` file \a path (loaded on the worker if
     * need be); memberSaved() tells how it went. False when the member is not an array (the save
     * policy omits it from an `.npy`).
     */
    bool saveMemberAsNpy(int memberId, const QString &path);

signals:
    /** An export started writing to \a path. */
    void exportStarted(const QString &path);
    /**
     * An export ended: \a ok, with a message for the status bar. \a failed is true when it failed
     * for a reason the user should be shown (not when they declined to overwrite).
     */
    void exportFinished(bool ok, const QString &message, bool failed);
    /** saveMemberAsNpy() ended: \a ok, or \a error says why not. */
    void memberSaved(bool ok, const QString &error, const QString &path);

private:
    struct Outcome;
    void run(Kind kind, const QString &path, const QList<int> &ids, std::function<Outcome()> job);
    bool startMembers(Kind kind, const QString &path, const QList<int> &ids, bool overwrite,
                      npy::CompressionLevel level = npy::CompressionLevel::Default);
    bool confirmTarget(const QString &path);

    QPointer<Document> mDocument;
    OverwritePrompt mPrompt;
};

} // namespace npyw
