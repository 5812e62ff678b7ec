#pragma once

#include "result.h"

#include <QtGlobal>

#include <memory>

namespace npy::codec {

/**
 * The engine's one streaming inflater of raw DEFLATE data (ZIP method 8), computing the ZIP
 * CRC-32 of its output as it goes. Intel ISA-L's igzip does the work where it was found at build
 * time (about twice zlib's speed), zlib otherwise; the two give identical bytes.
 *
 * Feed input with setInput() (the inflater reads it in place: keep it alive until it is used up,
 * and give it no byte past the compressed stream), call inflate() until finished(). Truncated
 * input is an error here, not a silent end: once the input is used up and the caller has no more,
 * inflate() leaves finished() false and the caller reports the truncation. Not copyable; one
 * thread at a time.
 */
class Inflater
{
public:
    Inflater();
    ~Inflater();
    Inflater(const Inflater &) = delete;
    Inflater &operator=(const Inflater &) = delete;

    /** Starts a new stream (input, output counters and CRC cleared). */
    void reset();
    /** The next \a size bytes of compressed input (must be < 2^31). */
    void setInput(const uchar *data, qint64 size);
    /** Input bytes not consumed yet. */
    [[nodiscard]] qint64 inputLeft() const;
    /**
     * Inflates into \a out, at most \a capacity bytes (< 2^31), and sets \a produced. Stops when
     * the output is full, the input is used up or the stream ends. Fails on corrupt data with
     * a message (without file or member: the caller adds them).
     */
    [[nodiscard]] Status inflate(uchar *out, qint64 capacity, qint64 *produced);
    /** True once the end of the DEFLATE stream was reached. */
    [[nodiscard]] bool finished() const;
    /** ZIP CRC-32 of all bytes produced since reset(). */
    [[nodiscard]] quint32 crc() const;
    /** "ISA-L" or "zlib": the library doing the work. */
    [[nodiscard]] static const char *backend();

private:
    struct State;
    std::unique_ptr<State> d;
};

} // namespace npy::codec
