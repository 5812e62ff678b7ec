#include "inflater.h"

#include <QCoreApplication>

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include <cstring>

namespace npy::codec {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Decoders", text);
}

quint32 crcOf(quint32 crc, const uchar *p, qint64 n)
{
    while (n > 0) {
        const uInt step = uInt(std::min<qint64>(n, qint64(1) << 30));
        crc = quint32(crc32(crc, p, step));
        p += step;
        n -= step;
    }
    return crc;
}

/** ZIP method 12: a bzip2 stream (libbz2). */
class Bzip2Decoder final : public StreamDecoder
{
public:
    Bzip2Decoder() { mOk = BZ2_bzDecompressInit(&mS, 0, 0) == BZ_OK; }
    ~Bzip2Decoder() override
    {
        if (mOk)
            BZ2_bzDecompressEnd(&mS);
    }
    void setInput(const uchar *data, qint64 size) override
    {
        mS.next_in = const_cast<char *>(reinterpret_cast<const char *>(data));
        mS.avail_in = uint(size);
    }
    qint64 inputLeft() const override { return mS.avail_in; }
    Status decode(uchar *out, qint64 capacity, qint64 *produced) override
    {
        *produced = 0;
        if (!mOk)
            return Status::failure(tr("cannot initialise the bzip2 decoder"));
        if (mEnded)
            return Status();
        mS.next_out = reinterpret_cast<char *>(out);
        mS.avail_out = uint(capacity);
        const int ret = BZ2_bzDecompress(&mS);
        *produced = capacity - qint64(mS.avail_out);
        mCrc = crcOf(mCrc, out, *produced);
        if (ret == BZ_STREAM_END) {
            mEnded = true;
            return Status();
        }
        if (ret == BZ_OK)
            return Status();
        return Status::failure(tr("corrupt bzip2 data (libbz2 error %1)").arg(ret));
    }
    bool finished() const override { return mEnded; }
    quint32 crc() const override { return mCrc; }

private:
    bz_stream mS{};
    bool mOk = false;
    bool mEnded = false;
    quint32 mCrc = 0;
};

/**
 * ZIP method 14: zip's LZMA header (2 bytes of LZMA SDK version, 2 bytes of properties size, the
 * 5-byte LZMA properties), then a raw LZMA1 stream, with or without an end marker (liblzma).
 */
class LzmaDecoder final : public StreamDecoder
{
public:
    explicit LzmaDecoder(qint64 uncompressedSize) : mExpected(uncompressedSize) {}
    ~LzmaDecoder() override
    {
        if (mStarted)
            lzma_end(&mS);
        free(mOptions);
    }
    void setInput(const uchar *data, qint64 size) override
    {
        mIn = data;
        mInLeft = size;
        if (mStarted) { // once the header is read, liblzma takes the input
            mS.next_in = data;
            mS.avail_in = size_t(size);
        }
    }
    qint64 inputLeft() const override { return mStarted ? qint64(mS.avail_in) : mInLeft; }
    Status decode(uchar *out, qint64 capacity, qint64 *produced) override
    {
        *produced = 0;
        if (mEnded)
            return Status();
        if (!mStarted) {
            // Collect the 9 header bytes, which may come in pieces.
            const qint64 take = std::min<qint64>(mInLeft, qint64(sizeof mHeader) - mHeaderHave);
            if (take > 0) // no input yet (mIn may be null): nothing to copy
                std::memcpy(mHeader + mHeaderHave, mIn, size_t(take));
            mHeaderHave += take;
            mIn += take;
            mInLeft -= take;
            if (mHeaderHave < qint64(sizeof mHeader))
                return Status();
            const quint16 propsSize = quint16(mHeader[2] | (mHeader[3] << 8));
            if (propsSize != 5)
                return Status::failure(tr("LZMA member with a %1-byte properties block (5 expected)").arg(propsSize));
            lzma_filter filter{LZMA_FILTER_LZMA1, nullptr};
            if (lzma_properties_decode(&filter, nullptr, mHeader + 4, 5) != LZMA_OK)
                return Status::failure(tr("corrupt LZMA properties"));
            mOptions = filter.options;
            const lzma_filter filters[2] = {filter, {LZMA_VLI_UNKNOWN, nullptr}};
            if (lzma_raw_decoder(&mS, filters) != LZMA_OK)
                return Status::failure(tr("cannot initialise the LZMA decoder"));
            mStarted = true;
            mS.next_in = mIn;
            mS.avail_in = size_t(mInLeft);
        }
        mS.next_out = out;
        mS.avail_out = size_t(std::min(capacity, mExpected - mDone));
        const size_t offered = mS.avail_out;
        const lzma_ret ret = offered > 0 ? lzma_code(&mS, LZMA_RUN) : LZMA_OK;
        *produced = qint64(offered - mS.avail_out);
        mDone += *produced;
        mCrc = crcOf(mCrc, out, *produced);
        // Without an end marker the stream ends at the declared size.
        if (ret == LZMA_STREAM_END || mDone == mExpected) {
            mEnded = true;
            return Status();
        }
        if (ret == LZMA_OK || ret == LZMA_BUF_ERROR)
            return Status();
        return Status::failure(tr("corrupt LZMA data (liblzma error %1)").arg(int(ret)));
    }
    bool finished() const override { return mEnded; }
    quint32 crc() const override { return mCrc; }

private:
    lzma_stream mS = LZMA_STREAM_INIT;
    void *mOptions = nullptr;
    const qint64 mExpected;
    qint64 mDone = 0;
    uchar mHeader[9] = {};
    qint64 mHeaderHave = 0;
    const uchar *mIn = nullptr;
    qint64 mInLeft = 0;
    bool mStarted = false;
    bool mEnded = false;
    quint32 mCrc = 0;
};

} // namespace

bool StreamDecoder::supports(int method)
{
    return method == 8 || method == 12 || method == 14;
}

std::unique_ptr<StreamDecoder> StreamDecoder::create(int method, qint64 uncompressedSize)
{
    switch (method) {
    case 8: return std::make_unique<Inflater>();
    case 12: return std::make_unique<Bzip2Decoder>();
    case 14: return std::make_unique<LzmaDecoder>(uncompressedSize);
    default: return nullptr;
    }
}

QString bzip2Version()
{
    // "1.0.8, 13-Jul-2019": the version, without the date.
    return QString::fromLatin1(BZ2_bzlibVersion()).section(QLatin1Char(','), 0, 0);
}

QString lzmaVersion()
{
    return QString::fromLatin1(lzma_version_string());
}

} // namespace npy::codec
