#pragma once

#include "npyarray.h"
#include "result.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace npy {

enum class FileFormat { Npy, Npz };

/** How a member is held in its file. */
enum class Compression {
    None,       ///< a plain `.npy` file
    Stored,     ///< ZIP method 0
    Deflated,   ///< ZIP method 8
    Bzip2,      ///< ZIP method 12 (as Python's zipfile writes it): read, never written
    Lzma,       ///< ZIP method 14 (as Python's zipfile writes it): read, never written
    Unsupported ///< another ZIP method (DEFLATE64, ...): listed, not readable
};

/** What opening a file tells about one member, before any of its data is read. */
struct MemberInfo
{
    /** The key `np.load(file)[key]` uses: the member name minus one `.npy`; a `.npy` file's stem. */
    QString name;
    /** The name inside the archive (empty for a `.npy` file). */
    QString archiveName;
    /** True when the member starts with the NPY magic and its header parsed. */
    bool isArray = false;
    /** The parsed header (valid when isArray). */
    NpyHeader header;
    /** Why the member cannot be read, when it cannot (bad header, unsupported method, ...). */
    QString error;
    /** True when the file ends before this member's bytes do (its error then says so). */
    bool truncated = false;
    /** A warning that does not stop reading (a duplicate name, say). */
    QString warning;
    /** True when the member was found by scanning local headers: the archive's central directory is damaged. */
    bool recovered = false;
    Compression compression = Compression::None;
    /** The ZIP method number (0 for a `.npy` file). */
    int method = 0;
    /** Bytes the member occupies in the file (compressed size; file size for `.npy`). */
    qint64 storedSize = 0;
    /** Bytes of the member's `.npy` stream once decompressed. */
    qint64 size = 0;
    quint32 crc32 = 0;
};

/** Progress and cancellation for long reads and writes; both optional. Called from the working thread. */
struct Progress
{
    std::function<void(qint64 done, qint64 total)> report;
    const std::atomic_bool *cancel = nullptr;
    [[nodiscard]] bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

/**
 * An opened `.npy` or `.npz` file: the member list (headers only) and on-demand loading. openSource()
 * (opensource.h) opens one; openNpy() (npysource.h) and openNpz() (npzreader.h) are the two kinds.
 *
 * Opening reads the headers, never the data. load() maps a `.npy` or a STORED member (no copy)
 * or inflates a DEFLATED one into an owned buffer, checking its CRC. A Source is immutable
 * once opened and load() may be called from any thread. Errors name the file and the member.
 */
class Source
{
public:
    virtual ~Source() = default;

    [[nodiscard]] const QString &path() const { return mPath; }
    [[nodiscard]] FileFormat format() const { return mFormat; }
    [[nodiscard]] const QList<MemberInfo> &members() const { return mMembers; }
    /** The index of the member with key \a key (or `key.npy`, or its archive name); -1 if none. */
    [[nodiscard]] int indexOf(const QString &key) const;

    /** Loads member \a index as an array. Fails for non-array, pickled and unreadable members. */
    [[nodiscard]] virtual Result<NpyArray> load(int index, const Progress &progress = {}) const = 0;
    /** The member's bytes as stored in the archive (decompressed), for non-array members. */
    [[nodiscard]] virtual Result<QByteArray> readRaw(int index, const Progress &progress = {}) const = 0;

    /** Receives consecutive pieces of an array's data; returns false to stop early. */
    using DataSink = std::function<bool(const uchar *data, qint64 size)>;
    /**
     * Streams the data bytes of array member \a index (everything after its header, in file
     * order) to \a sink in pieces whose boundaries may fall inside an element. Memory use is
     * bounded by the piece size where the format allows it (`.npy` files; overridable for
     * archives); the default implementation loads the member and hands it over in pieces.
     */
    [[nodiscard]] virtual Status readData(int index, const DataSink &sink, const Progress &progress = {}) const;

    /**
     * Streams data bytes [\a from, \a to) of array member \a index (offsets counted from the start of
     * its data, after the header) to \a sink, reading only what it must: a `.npy` file or a STORED
     * member seeks; a DEFLATED member that carries our writer's chunk index inflates only the spans
     * holding the range (each checked against the span's CRC-32); any other compressed member is
     * decoded from its start, the bytes before \a from skipped and the decoding stopped after \a to
     * (its CRC-32 is then checked only when the range reaches the member's end). The range is
     * clamped to the data. The default implementation does this on top of readData().
     */
    [[nodiscard]] virtual Status readDataRange(int index, qint64 from, qint64 to, const DataSink &sink,
                                               const Progress &progress = {}) const;

protected:
    Source(QString path, FileFormat format) : mPath(std::move(path)), mFormat(format) {}
    /** "file: member 'x'" for messages. */
    [[nodiscard]] QString where(int index) const;

    QString mPath;
    FileFormat mFormat;
    QList<MemberInfo> mMembers;
};

} // namespace npy
