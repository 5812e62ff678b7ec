#include "splitinflate.h"

#include "deflate.h"
#include "inflater.h"

#include <QFile>

#include <array>
#include <cstring>
#include <thread>
#include <vector>

namespace npy::codec {

namespace {

constexpr qint64 kWindow = 32768;
constexpr qint64 kChunk = qint64(1) << 20;
constexpr qint64 kCompareSlice = qint64(64) << 10;
constexpr qint64 kMaxDependent = qint64(16) << 20;
constexpr qint64 kSearchBytes = qint64(1) << 20;
constexpr qint64 kConfirmBytes = qint64(256) << 10;

/** Reads bits least significant first from a byte buffer; fails past its end. */
class BitCursor
{
public:
    BitCursor(const uchar *data, qint64 size, qint64 bit) : mData(data), mSize(size), mEnd(size * 8), mPos(bit) {}

    // The next n (at most 16) bits.
    bool get(int n, quint32 *value)
    {
        if (mPos + n > mEnd)
            return false;
        const qint64 byte = mPos >> 3;
        quint32 word = 0; // the three bytes that hold the bits, least significant first
        const qint64 have = std::min<qint64>(3, mSize - byte);
        for (qint64 i = 0; i < have; ++i)
            word |= quint32(mData[byte + i]) << (8 * i);
        *value = (word >> (mPos & 7)) & ((quint32(1) << n) - 1);
        mPos += n;
        return true;
    }

private:
    const uchar *mData;
    qint64 mSize;
    qint64 mEnd;
    qint64 mPos;
};

/** A canonical Huffman code over at most 320 symbols, decoded a bit at a time. */
struct Code
{
    std::array<int, 16> count{};
    std::array<int, 320> symbol{};

    // Builds the code; returns how many code words are left unused (0: complete, < 0: over-subscribed).
    int build(const quint8 *lengths, int n, int maxBits)
    {
        count.fill(0);
        for (int s = 0; s < n; ++s)
            ++count[lengths[s]];
        int left = 1;
        for (int len = 1; len <= maxBits; ++len) {
            left = left * 2 - count[len];
            if (left < 0)
                return left;
        }
        std::array<int, 16> next{};
        for (int len = 1; len < maxBits; ++len)
            next[len + 1] = next[len] + count[len];
        for (int s = 0; s < n; ++s)
            if (lengths[s] != 0)
                symbol[size_t(next[lengths[s]]++)] = s;
        return left;
    }

    int decode(BitCursor &in, int maxBits) const
    {
        int code = 0, first = 0, index = 0;
        for (int len = 1; len <= maxBits; ++len) {
            quint32 b = 0;
            if (!in.get(1, &b))
                return -1;
            code |= int(b);
            const int c = count[size_t(len)];
            if (code - first < c)
                return symbol[size_t(index + code - first)];
            index += c;
            first = (first + c) << 1;
            code <<= 1;
        }
        return -1;
    }
};

bool plausibleHeader(const uchar *data, qint64 size, qint64 bit)
{
    BitCursor in(data, size, bit);
    quint32 v = 0;
    // BFINAL 0, BTYPE 2 (dynamic Huffman): the first three bits read as 0b100.
    if (!in.get(3, &v) || v != 4)
        return false;
    quint32 hlit = 0, hdist = 0, hclen = 0;
    if (!in.get(5, &hlit) || hlit > 29 || !in.get(5, &hdist) || hdist > 29 || !in.get(4, &hclen))
        return false;
    static constexpr int kOrder[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    quint8 clLengths[19] = {};
    for (quint32 i = 0; i < hclen + 4; ++i) {
        if (!in.get(3, &v))
            return false;
        clLengths[kOrder[i]] = quint8(v);
    }
    Code cl;
    if (cl.build(clLengths, 19, 7) != 0)
        return false;
    const int nLit = int(hlit) + 257, n = nLit + int(hdist) + 1;
    quint8 lengths[320] = {};
    for (int i = 0; i < n;) {
        const int sym = cl.decode(in, 7);
        if (sym < 0)
            return false;
        if (sym < 16) {
            lengths[i++] = quint8(sym);
            continue;
        }
        int repeat = 0;
        quint8 value = 0;
        if (sym == 16) {
            if (i == 0 || !in.get(2, &v))
                return false;
            repeat = 3 + int(v);
            value = lengths[i - 1];
        } else if (sym == 17) {
            if (!in.get(3, &v))
                return false;
            repeat = 3 + int(v);
        } else {
            if (!in.get(7, &v))
                return false;
            repeat = 11 + int(v);
        }
        if (i + repeat > n)
            return false;
        std::memset(lengths + i, value, size_t(repeat));
        i += repeat;
    }
    if (lengths[256] == 0)
        return false;
    Code lit;
    if (lit.build(lengths, nLit, 15) != 0)
        return false;
    // Distances: a complete code, one code of one bit, or none at all (a block of literals).
    Code dist;
    const int unused = dist.build(lengths + nLit, int(hdist) + 1, 15);
    int used = 0;
    for (int len = 1; len <= 15; ++len)
        used += dist.count[size_t(len)];
    return unused == 0 || (used == 1 && dist.count[1] == 1) || used == 0;
}

/** Compressed bytes [from, to) of the file, handed to an inflater a chunk at a time. */
class Feed
{
public:
    Feed(const QString &path, qint64 from, qint64 to) : mFile(path), mPos(from), mEnd(to)
    {
        mOk = mFile.open(QIODevice::ReadOnly) && mFile.seek(from);
    }

    // Gives the decoder the next chunk; false when there is none (or a read failed).
    bool next(Inflater &decoder)
    {
        if (!mOk || mPos >= mEnd)
            return false;
        mBuffer.resize(qsizetype(std::min(kChunk, mEnd - mPos)));
        if (mFile.read(mBuffer.data(), mBuffer.size()) != mBuffer.size()) {
            mOk = false;
            return false;
        }
        mPos += mBuffer.size();
        decoder.setInput(reinterpret_cast<const uchar *>(mBuffer.constData()), mBuffer.size());
        return true;
    }

    bool ok() const { return mOk; }

private:
    QFile mFile;
    QByteArray mBuffer;
    qint64 mPos;
    qint64 mEnd;
    bool mOk = false;
};

/**
 * Inflates until \a want bytes are in \a out, the stream ends or the input does. Returns the bytes
 * produced, -1 on corrupt data, a failed read, or input that ends before the stream (unless
 * \a inputMayEnd: then what the input gave is the answer).
 */
qint64 fill(Inflater &decoder, Feed &feed, uchar *out, qint64 want, bool inputMayEnd = false)
{
    qint64 got = 0;
    while (got < want && !decoder.finished()) {
        if (decoder.inputLeft() == 0 && !feed.next(decoder) && !feed.ok())
            return -1;
        const qint64 before = decoder.inputLeft();
        qint64 produced = 0;
        if (!decoder.inflate(out + got, want - got, &produced))
            return -1;
        got += produced;
        if (produced == 0 && decoder.inputLeft() == before && !decoder.finished()) {
            if (decoder.inputLeft() == 0 && feed.next(decoder))
                continue;
            return inputMayEnd ? got : -1; // the input is used up before the stream ends
        }
    }
    return got;
}

/** The last 32 KiB of everything appended to it. */
class Window
{
public:
    void append(const uchar *data, qint64 n)
    {
        if (n >= kWindow) {
            mBytes.assign(data + n - kWindow, data + n);
            return;
        }
        const qint64 keep = std::min<qint64>(qint64(mBytes.size()), kWindow - n);
        mBytes.erase(mBytes.begin(), mBytes.end() - keep);
        mBytes.insert(mBytes.end(), data, data + n);
    }
    const uchar *data() const { return mBytes.data(); }
    qint64 size() const { return qint64(mBytes.size()); }

private:
    std::vector<uchar> mBytes;
};

struct Tail
{
    bool ok = false;
    qint64 produced = 0;  // bytes from the boundary to the end of the stream
    qint64 dependent = 0; // the first bytes of those that may depend on the window before the boundary
    quint32 crcRest = 0;  // CRC of the bytes after the dependent ones
};

/** The second half: from the block at bit \a bit of the stream to its end, window unknown. */
Tail inflateTail(const QString &path, qint64 offset, qint64 compressedSize, qint64 bit, uchar firstByte,
                 qint64 expected)
{
    Tail t;
    const qint64 from = offset + bit / 8 + ((bit & 7) != 0 ? 1 : 0), to = offset + compressedSize;
    const std::vector<uchar> zeros(size_t(kWindow), 0), ones(size_t(kWindow), 0xff);
    Feed feedA(path, from, to), feedB(path, from, to);
    Inflater a, b;
    a.resetAt(int(bit & 7), firstByte, zeros.data(), kWindow);
    b.resetAt(int(bit & 7), firstByte, ones.data(), kWindow);
    std::vector<uchar> outA(static_cast<size_t>(kChunk)), outB(static_cast<size_t>(kCompareSlice));
    std::vector<uchar> held; // A's output until it is known not to depend on the window
    qint64 lastDiff = -1;
    for (;;) {
        const qint64 nA = fill(a, feedA, outA.data(), kCompareSlice), nB = fill(b, feedB, outB.data(), kCompareSlice);
        if (nA < 0 || nA != nB)
            return t;
        if (std::memcmp(outA.data(), outB.data(), size_t(nA)) != 0)
            for (qint64 k = nA - 1; k >= 0; --k)
                if (outA[size_t(k)] != outB[size_t(k)]) {
                    lastDiff = t.produced + k;
                    break;
                }
        held.insert(held.end(), outA.begin(), outA.begin() + nA);
        t.produced += nA;
        if (t.produced - (lastDiff + 1) >= kWindow || a.finished() || nA == 0)
            break;
        if (qint64(held.size()) > kMaxDependent)
            return t;
    }
    t.dependent = lastDiff + 1;
    t.crcRest = crc32(0, held.data() + t.dependent, t.produced - t.dependent);
    held = {};
    while (!a.finished()) {
        const qint64 n = fill(a, feedA, outA.data(), kChunk);
        if (n <= 0 || t.produced + n > expected)
            return t;
        t.crcRest = crc32(t.crcRest, outA.data(), n);
        t.produced += n;
    }
    t.ok = true;
    return t;
}

/** A bit near the middle of the stream where a block begins, confirmed by inflating from it; -1 if none. */
qint64 findSplit(const QString &path, qint64 offset, qint64 compressedSize, qint64 confirm, uchar *firstByte)
{
    QFile file(path);
    const qint64 mid = compressedSize / 2, size = std::min(kSearchBytes, compressedSize - mid);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset + mid))
        return -1;
    const QByteArray bytes = file.read(size);
    if (bytes.size() != size)
        return -1;
    const auto *data = reinterpret_cast<const uchar *>(bytes.constData());
    const std::vector<uchar> zeros(size_t(kWindow), 0);
    std::vector<uchar> out(static_cast<size_t>(std::max<qint64>(confirm, 1)));
    Inflater trial;
    for (qint64 at = 0;;) {
        const qint64 bit = findDynamicBlock(data, size, at, size * 8 / 2);
        if (bit < 0)
            return -1;
        at = bit + 1;
        const qint64 first = bit / 8 + ((bit & 7) != 0 ? 1 : 0);
        trial.resetAt(int(bit & 7), data[bit / 8], zeros.data(), kWindow);
        trial.setInput(data + first, size - first);
        qint64 produced = 0;
        // A real boundary inflates on; a chance match soon hits an invalid code or block.
        if (trial.inflate(out.data(), confirm, &produced) && produced == confirm && confirm > 0 && !trial.finished()) {
            *firstByte = data[bit / 8];
            return mid * 8 + bit;
        }
    }
}

} // namespace

qint64 findDynamicBlock(const uchar *data, qint64 size, qint64 fromBit, qint64 toBit)
{
    toBit = std::min(toBit, size * 8);
    for (qint64 bit = std::max<qint64>(fromBit, 0); bit < toBit; ++bit) {
        // Cheap test first: BFINAL 0 and BTYPE 2 in the three bits at `bit`.
        const quint32 three = quint32(data[bit >> 3] | (bit / 8 + 1 < size ? data[(bit >> 3) + 1] << 8 : 0)) >> (bit & 7);
        if ((three & 7) == 4 && plausibleHeader(data, size, bit))
            return bit;
    }
    return -1;
}

bool verifyDeflateInTwo(const QString &path, qint64 offset, qint64 compressedSize, qint64 uncompressedSize,
                        quint32 crc, qint64 minimum)
{
    if (compressedSize < std::max<qint64>(minimum, 2) || uncompressedSize <= 0)
        return false;
    uchar firstByte = 0;
    const qint64 bit = findSplit(path, offset, compressedSize, std::min(kConfirmBytes, uncompressedSize / 4), &firstByte);
    if (bit < 0)
        return false;
    Tail tail;
    std::thread worker([&] { tail = inflateTail(path, offset, compressedSize, bit, firstByte, uncompressedSize); });

    // The first half, here: every byte up to the one holding the boundary bit (whose remaining
    // bits begin the next block's header, which this inflater cannot complete).
    bool headOk = false;
    qint64 headBytes = 0;
    quint32 headCrc = 0;
    Window window;
    {
        Feed feed(path, offset, offset + bit / 8 + ((bit & 7) != 0 ? 1 : 0));
        Inflater head;
        std::vector<uchar> out(static_cast<size_t>(kChunk));
        for (;;) {
            const qint64 n = fill(head, feed, out.data(), kChunk, true);
            if (n < 0 || head.finished() || headBytes + n > uncompressedSize)
                break;
            headBytes += n;
            window.append(out.data(), n);
            if (n < kChunk) {
                headOk = feed.ok();
                break;
            }
        }
        headCrc = head.crc();
    }
    worker.join();
    if (!headOk || !tail.ok || headBytes + tail.produced != uncompressedSize)
        return false;

    // The tail's first bytes, which may have read the window, inflated again with the real one.
    quint32 dependentCrc = 0;
    if (tail.dependent > 0) {
        const qint64 from = offset + bit / 8 + ((bit & 7) != 0 ? 1 : 0);
        Feed feed(path, from, offset + compressedSize);
        Inflater again;
        again.resetAt(int(bit & 7), firstByte, window.data(), window.size());
        std::vector<uchar> out(static_cast<size_t>(kChunk));
        for (qint64 done = 0; done < tail.dependent;) {
            const qint64 n = fill(again, feed, out.data(), std::min(kChunk, tail.dependent - done));
            if (n <= 0)
                return false;
            done += n;
        }
        dependentCrc = again.crc();
    }
    const quint32 tailCrc = crc32Combine(dependentCrc, tail.crcRest, tail.produced - tail.dependent);
    return crc32Combine(headCrc, tailCrc, tail.produced) == crc;
}

} // namespace npy::codec
