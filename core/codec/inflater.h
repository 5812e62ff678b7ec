#pragma once

#include "result.h"

#include <QtGlobal>

#include <memory>

namespace npy::codec {

/**
 * A streaming decoder of one compressed ZIP member's bytes, computing the ZIP CRC-32 of its
 * output as it goes: the engine reads every compressed member through one of these.
 *
 * Feed input with setInput() (the decoder reads it in place: keep it alive until it is used up,
 * and give it no byte past the member's compressed data), call decode() until finished().
 * Truncated input is an error here, not a silent end: once the input is used up and the caller
 * has no more, decode() leaves finished() false and the caller reports the truncation. Not
 * copyable; one thread at a time.
 */
class StreamDecoder
{
public:
    virtual ~StreamDecoder() = default;
    StreamDecoder(const StreamDecoder &) = delete;
    StreamDecoder &operator=(const StreamDecoder &) = delete;

    /**
     * The decoder of ZIP method \a method: 8 DEFLATE (ISA-L or zlib), 12 bzip2 (libbz2), 14 LZMA
     * (liblzma, with zip's 4-byte LZMA header); null for any other method. \a uncompressedSize is
     * what the archive declares (an LZMA stream without an end marker ends there).
     */
    [[nodiscard]] static std::unique_ptr<StreamDecoder> create(int method, qint64 uncompressedSize);
    /** True when create() knows \a method. */
    [[nodiscard]] static bool supports(int method);

    /** The next \a size bytes of compressed input (must be < 2^31). */
    virtual void setInput(const uchar *data, qint64 size) = 0;
    /** Input bytes not consumed yet. */
    [[nodiscard]] virtual qint64 inputLeft() const = 0;
    /**
     * Decodes into \a out, at most \a capacity bytes (< 2^31), and sets \a produced. Stops when
     * the output is full, the input is used up or the stream ends. Fails on corrupt data with a
     * message (without file or member: the caller adds them).
     */
    [[nodiscard]] virtual Status decode(uchar *out, qint64 capacity, qint64 *produced) = 0;
    /** True once the end of the compressed stream was reached. */
    [[nodiscard]] virtual bool finished() const = 0;
    /** ZIP CRC-32 of all bytes produced. */
    [[nodiscard]] virtual quint32 crc() const = 0;

protected:
    StreamDecoder() = default;
};

/**
 * The engine's one streaming inflater of raw DEFLATE data (ZIP method 8). Intel ISA-L's igzip
 * does the work where it was found at build time (about twice zlib's speed), zlib otherwise; the
 * two give identical bytes. ISA-L computes the CRC as it inflates.
 */
class Inflater final : public StreamDecoder
{
public:
    Inflater();
    ~Inflater() override;

    /** Starts a new stream (input, output counters and CRC cleared). */
    void reset();
    /**
     * Starts inside a stream, at a block boundary: the block begins at bit \a bit (0-7, least
     * significant first) of \a firstByte, and \a window holds the \a windowSize (at most 32 KiB)
     * bytes of output before it, which back-references may reach. Counters and CRC start from
     * zero. When \a bit is 0, \a firstByte is ignored and the input starts with that byte;
     * otherwise the input starts with the byte after it.
     */
    void resetAt(int bit, uchar firstByte, const uchar *window, qint64 windowSize);
    void setInput(const uchar *data, qint64 size) override;
    [[nodiscard]] qint64 inputLeft() const override;
    [[nodiscard]] Status decode(uchar *out, qint64 capacity, qint64 *produced) override
    {
        return inflate(out, capacity, produced);
    }
    /** decode(), by its DEFLATE name. */
    [[nodiscard]] Status inflate(uchar *out, qint64 capacity, qint64 *produced);
    [[nodiscard]] bool finished() const override;
    [[nodiscard]] quint32 crc() const override;
    /** "ISA-L" or "zlib": the library doing the work. */
    [[nodiscard]] static const char *backend();

private:
    struct State;
    std::unique_ptr<State> d;
};

} // namespace npy::codec
