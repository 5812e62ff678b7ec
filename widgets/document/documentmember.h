#pragma once

#include "npyarray.h"
#include "savepolicy.h"
#include "source.h"

#include <QString>

#include <memory>

namespace npyw {

/**
 * One member of a Document: where it comes from, its loaded (and possibly edited) array.
 *
 * The array is null until loaded. Edits replace bytes in the array (copy-on-write: a mapped
 * member is copied into memory on its first edit; the file is not touched until saved).
 */
struct Member
{
    /** Stable identity of the member in this document (indexes change on delete/insert). */
    int id = -1;
    /** The np.load key, shown as the member's name; '/' separates folders in the browser. */
    QString key;
    /** What the file says about the member (header, sizes, compression, error). */
    npy::MemberInfo info;
    /** The source the member's bytes come from (the document's file, or an added file). */
    std::shared_ptr<const npy::Source> source;
    int sourceIndex = -1;
    /** The array, once loaded. */
    npy::NpyArray array;
    bool loaded = false;
    /**
     * The file the loaded array is memory-mapped from, once a save has made another file the member's
     * source (Save As to a compressed archive, say: the bytes still map the file they were read from).
     * Empty while the array maps its source's file, or maps nothing.
     */
    QString mappedFrom;
    /** Net count of data edits since the last save (undo decrements): non-zero = data differs. */
    int dataEdits = 0;
    /** Net count of any change since the last save (rename, add, data): non-zero = modified. */
    int changes = 0;
    /**
     * True, until the next save, when the data differ from the saved file's whatever dataEdits says: an
     * edit made after undoing past the save (the saved state is then out of the undo stack's reach, and
     * the net count could come back to zero with the data changed).
     */
    bool dataDiffers = false;

    [[nodiscard]] bool isArray() const { return info.isArray && info.error.isEmpty(); }
    /** True when the data may differ from the source's (a save must write them). */
    [[nodiscard]] bool isDataEdited() const { return dataEdits != 0 || dataDiffers; }
    [[nodiscard]] bool isModified() const { return changes != 0 || isDataEdited(); }
    [[nodiscard]] const npy::NpyHeader &header() const { return info.header; }
    /** What the save policy (npy::planMemberSave()) needs to know about this member. */
    [[nodiscard]] npy::MemberSaveState saveState() const;
    /** The member as a save or export writes it, as \a plan (from npy::planMemberSave()) decided. */
    [[nodiscard]] npy::SaveMember saveMember(const npy::MemberSavePlan &plan) const;
};

} // namespace npyw
