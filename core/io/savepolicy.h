#pragma once

#include "savetypes.h"
#include "source.h"

namespace npy {

/** What a member holds, as far as saving is concerned. */
enum class MemberContent {
    Array,   ///< a readable array
    Pickled, ///< an array header over bytes that are never loaded (object arrays, unreadable data): kept as bytes
    Other,   ///< not an array at all (readme.txt in an archive): kept as bytes
};

/** The state of one member when it is saved or exported. */
struct MemberSaveState
{
    MemberContent content = MemberContent::Array;
    /** True when the member's data differs from its stored bytes (or it has none: see hasSource). */
    bool edited = false;
    /** True when the member's stored bytes can be read from a file (its own, or the one it was added from). */
    bool hasSource = false;
    /** How the stored bytes are encoded: None for a plain `.npy` file (or no source). */
    Compression current = Compression::None;
    /**
     * For SaveFormat::Npz: the encoding asked for this member (Stored or Deflated); None keeps the
     * current one. The other formats decide the encoding themselves.
     */
    Compression requested = Compression::None;
};

/** How a member is written. */
enum class SaveAction {
    Omit,       ///< cannot be written in this format (a non-array in an `.npy`, bytes with no source)
    CopyRaw,    ///< its stored bytes are copied as they are (compressed bytes and CRC reused)
    Reencode,   ///< its stored bytes (or its unedited array, read from the source) are written in a new encoding
    WriteArray, ///< the array in memory is written (edited, or from no archive)
};

/** The decision for one member: what to do and the encoding it gets in an archive. */
struct MemberSavePlan
{
    SaveAction action = SaveAction::Omit;
    /** Stored or Deflated in an archive; None for an `.npy` file or an omitted member. */
    Compression compression = Compression::None;

    friend bool operator==(const MemberSavePlan &a, const MemberSavePlan &b)
    {
        return a.action == b.action && a.compression == b.compression;
    }
};

/**
 * The one save and export policy, used by Document saves, exports of members, drag-out and the
 * `.npz` writer alike:
 * - the encoding: NpzStored stores, NpzCompressed deflates, Npz gives `requested` or keeps the
 *   current encoding (a member from a plain `.npy` is stored); an `.npy` file has none;
 * - an `.npy` file holds an array written from memory; anything else is omitted from it;
 * - a pickled or non-array member keeps its bytes: copied raw when its encoding is kept,
 *   re-encoded otherwise; omitted when it has no source;
 * - an unedited array from an archive whose encoding is kept is copied raw; one whose encoding
 *   changes (or that comes from a plain `.npy`) is re-encoded; an edited array, or one without a
 *   source, is written from memory.
 */
[[nodiscard]] MemberSavePlan planMemberSave(const MemberSaveState &state, SaveFormat format);

/** The encoding \a format gives a member whose bytes are now \a current (see planMemberSave()). */
[[nodiscard]] Compression targetCompression(SaveFormat format, Compression current,
                                            Compression requested = Compression::None);

} // namespace npy
