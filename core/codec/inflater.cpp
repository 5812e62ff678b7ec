#include "inflater.h"

#include <QCoreApplication>

#ifdef NPY_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif
#include <zlib.h>

namespace npy::codec {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Inflater", text);
}

} // namespace

#ifdef NPY_HAVE_ISAL

struct Inflater::State
{
    inflate_state s; // about 85 KB: this State lives on the heap
};

Inflater::Inflater() : d(std::make_unique<State>())
{
    reset();
}

void Inflater::reset()
{
    isal_inflate_init(&d->s);
    // Raw DEFLATE, with the gzip CRC-32 (the ZIP one) of the output computed as it goes.
    d->s.crc_flag = ISAL_GZIP_NO_HDR;
}

void Inflater::resetAt(int bit, uchar firstByte, const uchar *window, qint64 windowSize)
{
    reset();
    if (windowSize > 0)
        (void)isal_inflate_set_dict(&d->s, const_cast<uint8_t *>(window), quint32(windowSize));
    if (bit > 0) {
        // The rest of the first byte goes into ISA-L's bit buffer, where it keeps unread bits
        // between calls.
        d->s.read_in = quint64(firstByte >> bit);
        d->s.read_in_length = 8 - bit;
    }
}

void Inflater::setInput(const uchar *data, qint64 size)
{
    d->s.next_in = const_cast<uint8_t *>(data);
    d->s.avail_in = quint32(size);
}

qint64 Inflater::inputLeft() const
{
    return d->s.avail_in;
}

Status Inflater::inflate(uchar *out, qint64 capacity, qint64 *produced)
{
    d->s.next_out = out;
    d->s.avail_out = quint32(capacity);
    const int ret = isal_inflate(&d->s);
    *produced = capacity - qint64(d->s.avail_out);
    switch (ret) {
    case ISAL_DECOMP_OK:
    case ISAL_END_INPUT:
    case ISAL_OUT_OVERFLOW:
        return Status();
    case ISAL_INVALID_BLOCK:
        return Status::failure(tr("corrupt compressed data (invalid DEFLATE block)"));
    case ISAL_INVALID_SYMBOL:
        return Status::failure(tr("corrupt compressed data (invalid code)"));
    case ISAL_INVALID_LOOKBACK:
        return Status::failure(tr("corrupt compressed data (invalid distance too far back)"));
    default:
        return Status::failure(tr("corrupt compressed data (ISA-L error %1)").arg(ret));
    }
}

bool Inflater::finished() const
{
    return d->s.block_state == ISAL_BLOCK_FINISH;
}

quint32 Inflater::crc() const
{
    return d->s.crc;
}

const char *Inflater::backend()
{
    return "ISA-L";
}

#else

struct Inflater::State
{
    z_stream z{};
    bool ended = false;
    quint32 crc = 0;
};

Inflater::Inflater() : d(std::make_unique<State>())
{
    inflateInit2(&d->z, -MAX_WBITS);
}

void Inflater::reset()
{
    inflateReset(&d->z);
    d->z.next_in = nullptr;
    d->z.avail_in = 0;
    d->ended = false;
    d->crc = 0;
}

void Inflater::resetAt(int bit, uchar firstByte, const uchar *window, qint64 windowSize)
{
    reset();
    if (windowSize > 0)
        inflateSetDictionary(&d->z, window, uInt(windowSize));
    if (bit > 0)
        inflatePrime(&d->z, 8 - bit, firstByte >> bit);
}

void Inflater::setInput(const uchar *data, qint64 size)
{
    d->z.next_in = const_cast<Bytef *>(data);
    d->z.avail_in = uInt(size);
}

qint64 Inflater::inputLeft() const
{
    return d->z.avail_in;
}

Status Inflater::inflate(uchar *out, qint64 capacity, qint64 *produced)
{
    d->z.next_out = out;
    d->z.avail_out = uInt(capacity);
    const int ret = d->ended ? Z_STREAM_END : ::inflate(&d->z, Z_NO_FLUSH);
    *produced = capacity - qint64(d->z.avail_out);
    if (*produced > 0)
        d->crc = quint32(crc32(d->crc, out, uInt(*produced)));
    if (ret == Z_STREAM_END) {
        d->ended = true;
        return Status();
    }
    if (ret == Z_OK || ret == Z_BUF_ERROR)
        return Status();
    return Status::failure(tr("corrupt compressed data (%1)").arg(QString::fromLatin1(d->z.msg ? d->z.msg : "zlib error")));
}

bool Inflater::finished() const
{
    return d->ended;
}

quint32 Inflater::crc() const
{
    return d->crc;
}

const char *Inflater::backend()
{
    return "zlib";
}

#endif

Inflater::~Inflater()
{
#ifndef NPY_HAVE_ISAL
    inflateEnd(&d->z);
#endif
}

} // namespace npy::codec
