#pragma once

// Moving members out of a Document: export to a folder or a new archive, the drag-and-drop MIME
// data of the archive browser, and copying members into another document (undoable).

#include "result.h"
#include "saver.h"
#include "source.h"

#include <QList>
#include <QMimeData>
#include <QString>
#include <QUrl>

#include <memory>

namespace npyw {

class Document;

/** The private MIME type of members dragged out of an archive browser. */
inline constexpr char kMembersMimeType[] = "application/x-npy-inspector-members";

/**
 * A snapshot of some members of a Document as an npy::Source: member i is the i-th id given,
 * under its current key, with its current (possibly edited) array. Members not loaded yet are
 * loaded from their own source on demand, so the snapshot may be used on a worker thread while
 * the document goes on being edited. Non-array members are listed as such.
 */
[[nodiscard]] std::shared_ptr<const npy::Source> snapshotSource(const Document &document, const QList<int> &ids);

/**
 * Writes each member of \a ids to \a dir as `<key>.npy` (npy::exportMembers: hostile keys stay
 * inside \a dir, clashing names get `_1`, `_2`). With \a overwrite false nothing is overwritten:
 * an existing target stops the export with an error.
 */
[[nodiscard]] npy::Status exportMembersToFolder(const std::shared_ptr<const npy::Source> &snapshot,
                                                const QString &dir, bool overwrite, QStringList *written = nullptr);

/** Files in \a dir the export of \a snapshot would write and that already exist. */
[[nodiscard]] QStringList existingExportTargets(const npy::Source &snapshot, const QString &dir);

/**
 * The array members of \a ids as written to a new archive in \a format (NpzStored or
 * NpzCompressed), as npy::planMemberSave() decides: unedited members already in the wanted
 * encoding are copied raw. Call saveMembers() on a worker with the result.
 */
[[nodiscard]] QList<npy::SaveMember> saveMembersFor(const Document &document, const QList<int> &ids,
                                                    npy::SaveFormat format);
/** Loads what \a members still need and writes them with npy::saveFile(), DEFLATED ones at \a level. */
[[nodiscard]] npy::Status saveMembers(const QString &path, QList<npy::SaveMember> members, npy::SaveFormat format,
                                      npy::CompressionLevel level = npy::CompressionLevel::Default);

/**
 * The drag data of members of a Document: the private type (this process, the document, the ids),
 * their keys as text, and text/uri-list of `.npy` files for file managers. The files are written
 * only when a drop target asks for the urls (retrieveData() of text/uri-list), from a snapshot of
 * the members taken when the drag started, into a fresh folder of a temporary directory that lives
 * as long as the application; a drop on another inspector window uses the private type and writes
 * nothing. Members that cannot be written are left out of the list (error() says why).
 */
class MembersMimeData : public QMimeData
{
    Q_OBJECT

public:
    MembersMimeData(const Document *document, const QList<int> &ids);
    ~MembersMimeData() override;

    [[nodiscard]] QStringList formats() const override;
    [[nodiscard]] bool hasFormat(const QString &mimeType) const override;
    /** True once the `.npy` files were written (a drop target asked for the urls). */
    [[nodiscard]] bool filesWritten() const { return mWritten; }
    /** The folder the files go to (which does not exist before they are written). */
    [[nodiscard]] QString folder() const { return mFolder; }
    /** Why some members could not be written, once they were asked for. */
    [[nodiscard]] QString error() const { return mError; }

protected:
    QVariant retrieveData(const QString &mimeType, QMetaType type) const override;

private:
    void writeFiles() const;

    std::shared_ptr<const npy::Source> mSnapshot;
    QString mFolder;
    mutable bool mWritten = false;
    mutable QList<QUrl> mUrls;
    mutable QString mError;
};

/** The drag data of members \a ids of \a document (see MembersMimeData). Caller owns the result. */
[[nodiscard]] QMimeData *membersMimeData(const Document *document, const QList<int> &ids);

/** What the private MIME type names. */
struct DraggedMembers
{
    quintptr document = 0; ///< compare with a Document's address; never dereference
    QList<int> ids;
};
/** Decodes the private type; false when absent or from another process. */
[[nodiscard]] bool decodeMembers(const QMimeData *mime, DraggedMembers *out);

/**
 * Copies members \a ids of \a from into \a to (after its last member, keys made unique) as one
 * undo command. Edited data comes along (shared copy-on-write). Returns the new ids.
 */
QList<int> copyMembersInto(Document *to, const Document &from, const QList<int> &ids);

} // namespace npyw
