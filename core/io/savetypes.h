#pragma once

// The types a save is described in, shared by the save policy, the writers and saveFile() (saver.h).

#include "npyarray.h"
#include "source.h"

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

} // namespace npy
