#pragma once

// The types a save is described in, shared by the save policy, the writers and saveFile() (saver.h).

#include "npyarray.h"
#include "source.h"

#include <QString>

#include <memory>

namespace npy {

/**
 * An array written from a stream instead of from memory: a transformed member (transform/), whose
 * bytes are produced as they are written. Immutable and usable from the saving thread.
 */
class ArrayProducer
{
public:
    virtual ~ArrayProducer() = default;
    /** The dtype, shape and order of the array (its header is built from them); dataBytes is exact. */
    [[nodiscard]] virtual const NpyHeader &header() const = 0;
    /**
     * Streams the array's data, exactly header().dataBytes bytes in the header's order, to \a sink in
     * pieces; fails with a located message, or when \a sink returns false.
     */
    [[nodiscard]] virtual Status produce(const Source::DataSink &sink, const Progress &progress) const = 0;
};

/** One member of a file being saved. */
struct SaveMember
{
    /** The np.load key; the archive member is named key + ".npy". */
    QString key;
    /** The array to write; used unless the member is copied raw from its source, or produced. */
    NpyArray array;
    /**
     * When set, the member's array is written from this stream (array is ignored): a transform of a
     * member that is never held whole. A DEFLATED member is produced into a temporary file first.
     */
    std::shared_ptr<const ArrayProducer> producer;
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
