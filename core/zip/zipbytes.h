#pragma once

// Little-endian integers as ZIP structures and our chunk index store them.

#include <QByteArray>
#include <QtGlobal>

namespace npy::zip {

/** The little-endian 16-, 32- and 64-bit integers at \a p (the caller has checked that the bytes are there). */
inline quint16 get16(const uchar *p) { return quint16(p[0] | (p[1] << 8)); }
inline quint32 get32(const uchar *p) { return quint32(p[0]) | quint32(p[1]) << 8 | quint32(p[2]) << 16 | quint32(p[3]) << 24; }
inline quint64 get64(const uchar *p) { return quint64(get32(p)) | quint64(get32(p + 4)) << 32; }

/** Appends \a v to \a out in little-endian order. */
inline void put16(QByteArray *out, quint16 v)
{
    const char b[2] = {char(v & 0xFF), char(v >> 8)};
    out->append(b, 2);
}

inline void put32(QByteArray *out, quint32 v)
{
    const char b[4] = {char(v & 0xFF), char((v >> 8) & 0xFF), char((v >> 16) & 0xFF), char(v >> 24)};
    out->append(b, 4);
}

inline void put64(QByteArray *out, quint64 v)
{
    put32(out, quint32(v & 0xFFFFFFFFu));
    put32(out, quint32(v >> 32));
}

} // namespace npy::zip
