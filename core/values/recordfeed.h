#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <algorithm>

namespace npy {

/**
 * Cuts an array's data bytes, fed in pieces of any size (a piece may end inside a record), into
 * runs of whole records: add() calls `records(const uchar *data, qint64 count)` for each run and
 * keeps a record cut at a piece's end until the next piece completes it. Memory: one record.
 */
class RecordFeed
{
public:
    explicit RecordFeed(qint64 recordSize) : mRecord(recordSize) {}

    template <class F>
    void add(const uchar *data, qint64 size, F &&records)
    {
        if (mRecord <= 0)
            return;
        if (!mCarry.isEmpty()) {
            const qint64 need = std::min<qint64>(mRecord - mCarry.size(), size);
            mCarry.append(reinterpret_cast<const char *>(data), qsizetype(need));
            data += need;
            size -= need;
            if (mCarry.size() < mRecord)
                return;
            records(reinterpret_cast<const uchar *>(mCarry.constData()), qint64(1));
            mCarry.clear();
        }
        const qint64 whole = size / mRecord;
        if (whole > 0)
            records(data, whole);
        if (size > whole * mRecord)
            mCarry.append(reinterpret_cast<const char *>(data + whole * mRecord), qsizetype(size - whole * mRecord));
    }

private:
    qint64 mRecord;
    QByteArray mCarry;
};

} // namespace npy
