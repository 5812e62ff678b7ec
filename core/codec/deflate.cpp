#include "deflate.h"

#include "inflater.h"

#include <QCoreApplication>
#include <QIODevice>

#include <libdeflate.h>
#include <zlib.h>

#ifdef NPY_HAVE_ISAL
#include <isa-l.h>
#include <isa-l/igzip_lib.h>
#endif

#include <algorithm>
#include <memory>

namespace npy {
namespace codec {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Deflate)
};

struct CompressorDeleter
{
    void operator()(libdeflate_compressor *c) const { libdeflate_free_compressor(c); }
};

struct DecompressorDeleter
{
    void operator()(libdeflate_decompressor *d) const { libdeflate_free_decompressor(d); }
};

libdeflate_compressor *compressorFor(int level)
{
    thread_local std::unique_ptr<libdeflate_compressor, CompressorDeleter> compressor;
    thread_local int compressorLevel = -1;
    if (!compressor || compressorLevel != level) {
        compressor.reset(libdeflate_alloc_compressor(level));
        compressorLevel = level;
    }
    return compressor.get();
}

libdeflate_decompressor *decompressor()
{
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(libdeflate_alloc_decompressor());
    return d.get();
}

/**
 * Makes the complete stream in \a s (\a size bytes) joinable: clears the BFINAL bit of its last
 * block and appends an empty stored block. Returns the new size, or -1 if the stream is invalid.
 */
qint64 unfinalize(uchar *s, qint64 size)
{
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return -1;
    uchar sink[1 << 15];
    z.next_in = s;
    z.avail_in = uInt(size);
    qint64 headerByte = 0;
    int headerBit = 0;
    int unusedAtEnd = 0;
    int ret = Z_OK;
    while (ret == Z_OK) {
        z.next_out = sink;
        z.avail_out = sizeof sink;
        ret = inflate(&z, Z_BLOCK);
        if (ret == Z_BUF_ERROR && z.avail_out != 0)
            break; // input exhausted without the stream ending
        if (ret == Z_BUF_ERROR)
            ret = Z_OK;
        if (ret == Z_OK && (z.data_type & 128) && !(z.data_type & 64)) {
            // At a block boundary, before the next block's header: remember where that header starts.
            const int unused = z.data_type & 7;
            const qint64 consumed = qint64(z.total_in);
            headerByte = unused ? consumed - 1 : consumed;
            headerBit = unused ? 8 - unused : 0;
        } else if (ret == Z_OK && (z.data_type & 192) == 192) {
            // Right after the final block's end code, before inflate skips the padding bits.
            unusedAtEnd = z.data_type & 7;
        }
    }
    const bool ended = ret == Z_STREAM_END && qint64(z.total_in) == size;
    inflateEnd(&z);
    if (!ended)
        return -1;
    s[headerByte] = uchar(s[headerByte] & ~(1u << headerBit));
    s[size - 1] = uchar(s[size - 1] & (0xFFu >> unusedAtEnd)); // padding bits are zero
    qint64 n = size;
    if (unusedAtEnd < 3)
        s[n++] = 0; // the 3 header bits of the stored block do not fit in the padding
    s[n++] = 0x00;
    s[n++] = 0x00;
    s[n++] = 0xFF;
    s[n++] = 0xFF;
    return n;
}

} // namespace

quint32 crc32(quint32 crc, const void *data, qint64 size)
{
    const uchar *p = static_cast<const uchar *>(data);
    while (size > 0) {
        const qint64 n = std::min<qint64>(size, qint64(1) << 30);
        crc = quint32(libdeflate_crc32(crc, p, size_t(n)));
        p += n;
        size -= n;
    }
    return crc;
}

quint32 crc32Combine(quint32 crcA, quint32 crcB, qint64 sizeB)
{
    return quint32(crc32_combine64(crcA, crcB, z_off64_t(sizeB)));
}

bool deflatePiece(const uchar *data, qint64 size, bool final, int level, QByteArray *out, QString *error)
{
    libdeflate_compressor *c = compressorFor(level);
    if (!c) {
        *error = Tr::tr("cannot allocate a compressor");
        return false;
    }
    const size_t bound = libdeflate_deflate_compress_bound(c, size_t(size)) + 8;
    out->resize(qsizetype(bound));
    uchar *o = reinterpret_cast<uchar *>(out->data());
    const size_t n = libdeflate_deflate_compress(c, data, size_t(size), o, bound);
    if (n == 0) {
        *error = Tr::tr("compression failed");
        return false;
    }
    qint64 total = qint64(n);
    if (!final) {
        total = unfinalize(o, total);
        if (total < 0) {
            *error = Tr::tr("compressed chunk does not inflate");
            return false;
        }
    }
    out->resize(qsizetype(total));
    return true;
}

#ifdef NPY_HAVE_ISAL
namespace {

/** One ISA-L compressor per thread: its state (~85 KB with the level buffer) is allocated once. */
struct IsalCompressor
{
    isal_zstream stream{};
    std::unique_ptr<uint8_t[]> levelBuffer{new uint8_t[ISAL_DEF_LVL1_DEFAULT]};
};

/** deflatePiece() with ISA-L's level 1; a non-final piece ends with ISA-L's own sync flush. */
bool isalDeflatePiece(const uchar *data, qint64 size, bool final, QByteArray *out, QString *error)
{
    thread_local std::unique_ptr<IsalCompressor> c;
    if (!c)
        c = std::make_unique<IsalCompressor>();
    isal_zstream &s = c->stream;
    isal_deflate_init(&s);
    s.level = 1;
    s.level_buf = c->levelBuffer.get();
    s.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
    s.gzip_flag = IGZIP_DEFLATE;
    s.end_of_stream = final ? 1 : 0;
    s.flush = final ? NO_FLUSH : SYNC_FLUSH;
    // Incompressible input comes out as stored blocks: 5 bytes per 64 KiB block, plus headers.
    qint64 capacity = size + size / 64 + 1024;
    out->resize(qsizetype(capacity));
    qint64 produced = 0;
    qint64 consumed = 0;
    while (true) {
        // ISA-L's counters are 32-bit: feed at most 1 GiB per call.
        const qint64 feed = std::min<qint64>(size - consumed, qint64(1) << 30);
        s.next_in = const_cast<uchar *>(data + consumed);
        s.avail_in = uint32_t(feed);
        s.end_of_stream = final && consumed + feed == size ? 1 : 0;
        s.next_out = reinterpret_cast<uint8_t *>(out->data()) + produced;
        s.avail_out = uint32_t(std::min<qint64>(capacity - produced, qint64(1) << 30));
        const uint32_t outBefore = s.avail_out;
        if (isal_deflate(&s) != COMP_OK) {
            *error = Tr::tr("compression failed");
            return false;
        }
        const qint64 took = feed - qint64(s.avail_in);
        const qint64 gave = qint64(outBefore - s.avail_out);
        consumed += took;
        produced += gave;
        const bool allIn = consumed == size;
        if (final ? s.internal_state.state == ZSTATE_END : allIn && s.avail_out > 0)
            break;
        if (s.avail_out == 0) {
            capacity += capacity / 2 + 1024;
            out->resize(qsizetype(capacity));
        } else if (took == 0 && gave == 0 && allIn) {
            *error = Tr::tr("compression did not finish");
            return false;
        }
    }
    out->resize(qsizetype(produced));
    return true;
}

} // namespace
#endif

bool deflatePiece(const uchar *data, qint64 size, bool final, CompressionLevel level, QByteArray *out,
                  QString *error)
{
    switch (level) {
    case CompressionLevel::Fast:
#ifdef NPY_HAVE_ISAL
        return isalDeflatePiece(data, size, final, out, error);
#else
        return deflatePiece(data, size, final, 1, out, error);
#endif
    case CompressionLevel::Best:
        return deflatePiece(data, size, final, kBestLevel, out, error);
    case CompressionLevel::Default:
        break;
    }
    return deflatePiece(data, size, final, kDefaultLevel, out, error);
}

bool fastLevelUsesIsal()
{
#ifdef NPY_HAVE_ISAL
    return true;
#else
    return false;
#endif
}

Status inflateExact(const uchar *in, qint64 inSize, uchar *out, qint64 outSize)
{
    libdeflate_decompressor *d = decompressor();
    if (!d)
        return Status::failure(Tr::tr("cannot allocate a decompressor"));
    size_t actualIn = 0;
    size_t actualOut = 0;
    const libdeflate_result r =
        libdeflate_deflate_decompress_ex(d, in, size_t(inSize), out, size_t(outSize), &actualIn, &actualOut);
    switch (r) {
    case LIBDEFLATE_SUCCESS:
        if (qint64(actualOut) != outSize)
            return Status::failure(Tr::tr("inflates to only %1 bytes, not the %2 the archive declares")
                                       .arg(actualOut).arg(outSize));
        return Status();
    case LIBDEFLATE_INSUFFICIENT_SPACE:
        return Status::failure(Tr::tr("inflates to more than the %1 bytes the archive declares (possible zip bomb)")
                                   .arg(outSize));
    case LIBDEFLATE_SHORT_OUTPUT:
        return Status::failure(Tr::tr("inflates to fewer than the %1 bytes the archive declares").arg(outSize));
    case LIBDEFLATE_BAD_DATA:
    default:
        return Status::failure(Tr::tr("corrupt compressed data (the DEFLATE stream is invalid or truncated)"));
    }
}

Status inflateToSink(QIODevice *device, qint64 offset, qint64 compressedSize, qint64 outSize, qint64 piece,
                     const std::function<bool(const uchar *, qint64)> &sink, quint32 *crc)
{
    return decodeToSink(8, device, offset, compressedSize, outSize, piece, sink, crc);
}

Status decodeToSink(int method, QIODevice *device, qint64 offset, qint64 compressedSize, qint64 outSize, qint64 piece,
                    const std::function<bool(const uchar *, qint64)> &sink, quint32 *crc)
{
    if (!device->seek(offset))
        return Status::failure(Tr::tr("cannot seek to byte %1").arg(offset));
    const std::unique_ptr<StreamDecoder> decoder = StreamDecoder::create(method, outSize);
    if (!decoder)
        return Status::failure(Tr::tr("compression method %1 is not supported").arg(method));
    StreamDecoder &inflater = *decoder;
    QByteArray input(qsizetype(std::min<qint64>(std::max<qint64>(compressedSize, 1), qint64(1) << 20)),
                     Qt::Uninitialized);
    QByteArray output(qsizetype(std::max<qint64>(1, std::min(piece, std::max<qint64>(outSize, 1)))), Qt::Uninitialized);
    qint64 inDone = 0;
    qint64 outDone = 0;
    while (!inflater.finished()) {
        if (inflater.inputLeft() == 0 && inDone < compressedSize) {
            // Never past the compressed size: ISA-L may look a few bytes beyond the stream.
            const qint64 n = device->read(input.data(), std::min<qint64>(input.size(), compressedSize - inDone));
            if (n <= 0)
                return Status::failure(Tr::tr("read failed at byte %1").arg(offset + inDone));
            inflater.setInput(reinterpret_cast<const uchar *>(input.constData()), n);
            inDone += n;
        }
        qint64 produced = 0;
        uchar *out = reinterpret_cast<uchar *>(output.data());
        const qint64 inputBefore = inflater.inputLeft();
        const Status st = inflater.decode(out, output.size(), &produced);
        if (!st)
            return st;
        if (produced == 0 && inflater.inputLeft() == inputBefore && !inflater.finished()
            && (inflater.inputLeft() > 0 || inDone >= compressedSize))
            return Status::failure(Tr::tr("corrupt compressed data (the DEFLATE stream is truncated)"));
        if (outDone + produced > outSize)
            return Status::failure(
                Tr::tr("inflates to more than the %1 bytes the archive declares (possible zip bomb)").arg(outSize));
        if (produced > 0) {
            outDone += produced;
            if (!sink(out, produced))
                return Status(); // the sink has what it wanted; the CRC is not known
        }
    }
    if (outDone != outSize)
        return Status::failure(Tr::tr("inflates to %1 bytes, not the %2 the archive declares").arg(outDone).arg(outSize));
    if (crc)
        *crc = inflater.crc();
    return Status();
}

Status inflateStepwise(const uchar *in, qint64 inSize, uchar *out, qint64 outSize, qint64 step,
                       const std::function<bool(qint64 done)> &progress)
{
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return Status::failure(Tr::tr("cannot initialise zlib"));
    qint64 inDone = 0;
    qint64 outDone = 0;
    int ret = Z_OK;
    QString error;
    while (ret == Z_OK) {
        if (z.avail_in == 0 && inDone < inSize) {
            const qint64 n = std::min<qint64>(inSize - inDone, qint64(1) << 30);
            z.next_in = const_cast<uchar *>(in + inDone);
            z.avail_in = uInt(n);
            inDone += n;
        }
        const qint64 room = std::min(step, outSize - outDone);
        uchar spare;
        // Past the declared size, offer one spare byte: producing it proves the stream is longer.
        z.next_out = room > 0 ? out + outDone : &spare;
        z.avail_out = uInt(room > 0 ? room : 1);
        ret = inflate(&z, Z_NO_FLUSH);
        const qint64 produced = (room > 0 ? room : 1) - qint64(z.avail_out);
        if (room == 0 && produced > 0) {
            error = Tr::tr("inflates to more than the %1 bytes the archive declares (possible zip bomb)").arg(outSize);
            break;
        }
        outDone += room > 0 ? produced : 0;
        if (ret == Z_BUF_ERROR && z.avail_in == 0 && inDone == inSize) {
            error = Tr::tr("corrupt compressed data (the DEFLATE stream is truncated)");
            break;
        }
        if (ret == Z_BUF_ERROR)
            ret = Z_OK;
        if (ret != Z_OK && ret != Z_STREAM_END) {
            error = Tr::tr("corrupt compressed data (%1)").arg(QString::fromLatin1(z.msg ? z.msg : "zlib error"));
            break;
        }
        if (progress && !progress(outDone)) {
            error = Tr::tr("cancelled");
            break;
        }
    }
    inflateEnd(&z);
    if (!error.isEmpty())
        return Status::failure(error);
    if (outDone != outSize)
        return Status::failure(Tr::tr("inflates to only %1 bytes, not the %2 the archive declares")
                                   .arg(outDone).arg(outSize));
    return Status();
}

Result<QByteArray> inflatePrefix(QIODevice *device, qint64 offset, qint64 compressedSize, qint64 want)
{
    using R = Result<QByteArray>;
    if (!device->seek(offset))
        return R::failure(Tr::tr("cannot seek to byte %1").arg(offset));
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return R::failure(Tr::tr("cannot initialise zlib"));
    QByteArray out(qsizetype(want), Qt::Uninitialized);
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(want);
    char in[16384];
    qint64 left = compressedSize;
    QString error;
    while (z.avail_out > 0) {
        if (z.avail_in == 0) {
            if (left == 0)
                break;
            const qint64 n = device->read(in, std::min<qint64>(left, qint64(sizeof in)));
            if (n <= 0) {
                error = Tr::tr("cannot read compressed data at byte %1").arg(offset + compressedSize - left);
                break;
            }
            left -= n;
            z.next_in = reinterpret_cast<Bytef *>(in);
            z.avail_in = uInt(n);
        }
        const int ret = inflate(&z, Z_NO_FLUSH);
        if (ret == Z_STREAM_END)
            break;
        if (ret != Z_OK && ret != Z_BUF_ERROR) {
            error = Tr::tr("corrupt compressed data (%1)").arg(QString::fromLatin1(z.msg ? z.msg : "zlib error"));
            break;
        }
    }
    const qint64 produced = want - qint64(z.avail_out);
    inflateEnd(&z);
    if (!error.isEmpty())
        return R::failure(error);
    out.resize(qsizetype(produced));
    return out;
}

DeflateExtent measureDeflateStream(QIODevice *device, qint64 offset, qint64 fileSize, qint64 budget)
{
    constexpr qint64 kChunk = qint64(1) << 20;
    DeflateExtent x;
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return x;
    QByteArray in;
    QByteArray out(qsizetype(kChunk), Qt::Uninitialized);
    qint64 pos = offset;
    while (true) {
        if (z.avail_in == 0) {
            if (pos >= fileSize || pos - offset >= budget || !device->seek(pos))
                break;
            in = device->read(std::min(kChunk, fileSize - pos));
            if (in.isEmpty())
                break;
            pos += in.size();
            z.next_in = reinterpret_cast<Bytef *>(in.data());
            z.avail_in = uInt(in.size());
        }
        z.next_out = reinterpret_cast<Bytef *>(out.data());
        z.avail_out = uInt(out.size());
        const int r = ::inflate(&z, Z_NO_FLUSH);
        const qint64 produced = out.size() - qint64(z.avail_out);
        x.crc = crc32(x.crc, out.constData(), produced);
        x.uncompressed += produced;
        if (r == Z_STREAM_END) {
            x.ended = true;
            break;
        }
        if (r != Z_OK && !(r == Z_BUF_ERROR && z.avail_in == 0))
            break;
    }
    x.inputRead = pos - offset;
    if (x.ended)
        x.compressed = pos - qint64(z.avail_in) - offset;
    inflateEnd(&z);
    return x;
}

QString zlibVersion()
{
    return QString::fromLatin1(::zlibVersion());
}

QString libdeflateVersion()
{
    return QStringLiteral(LIBDEFLATE_VERSION_STRING);
}

QString isalVersion()
{
#ifdef NPY_HAVE_ISAL
    return QStringLiteral("%1.%2.%3").arg(ISAL_MAJOR_VERSION).arg(ISAL_MINOR_VERSION).arg(ISAL_PATCH_VERSION);
#else
    return QString();
#endif
}

} // namespace codec
} // namespace npy
