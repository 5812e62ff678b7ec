#pragma once

#include "deflate.h"
#include "npyarray.h"
#include "result.h"
#include "source.h"

#include <QList>
#include <QString>

#include <memory>

namespace npy {

/** One member of a file being saved. */
struct SaveMember
{
    /** The np.load key; the archive member is named key + ".npy". */
    QString key;
    /** The array to write; used unless the member is copied raw from its source. */
    NpyArray array;
    /**
     * Where the member came from, if anywhere. When it is unmodified and keeps its encoding, its
     * stored bytes are copied raw (compressed bytes and CRC reused, nothing recompressed).
     */
    std::shared_ptr<const Source> source;
    int sourceIndex = -1;
    bool modified = true;
    /** The encoding wanted for this member (Stored or Deflated) in an `.npz`. */
    Compression compression = Compression::Stored;
};

enum class SaveFormat {
    Npy,           ///< one member, as `np.save` writes it
    Npz,           ///< every member as given in SaveMember::compression
    NpzStored,     ///< every member STORED (`np.savez`)
    NpzCompressed, ///< every member DEFLATED (`np.savez_compressed`)
};

/**
 * Writes \a members to \a path in \a format through QSaveFile: the file on disk is replaced only
 * once the new one is complete, and left byte-identical on any failure or cancellation. DEFLATED
 * members are compressed at \a level; at any level but Default, members that would be copied raw
 * (unmodified and already DEFLATED) are compressed again at that level instead.
 */
[[nodiscard]] Status saveFile(const QString &path, const QList<SaveMember> &members, SaveFormat format,
                              const Progress &progress = {}, CompressionLevel level = CompressionLevel::Default);

/**
 * Makes a write past the process's file size limit (`ulimit -f`) fail with EFBIG instead of killing the
 * process with SIGXFSZ, so that such a save is abandoned like any failed write: QSaveFile discards its
 * temporary file, the old file stays as it was and the caller gets the reason. Process-wide (it sets the
 * signal's disposition); call it first thing in main(). Safe to call more than once.
 */
void ignoreFileSizeSignal();

/** The format to save in for a file name: `.npy` gives Npy, anything else Npz. */
[[nodiscard]] SaveFormat formatForPath(const QString &path);

} // namespace npy
