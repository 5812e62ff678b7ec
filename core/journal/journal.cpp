#include "journal.h"

#include "checkedmath.h"
#include "deflate.h"

#include <QCoreApplication>
#include <QtEndian>

#include <cstring>
#include <limits>

namespace npy {

namespace {

enum RecordType : quint8 {
    Rec_File = 1,
    Rec_MemberHash = 2,
    Rec_Step = 3,
    Rec_Undo = 4,
    Rec_Redo = 5,
};

constexpr quint32 kJournalVersion = 1;
/** length (4) + type (1) before the payload, CRC (4) after it. */
constexpr qint64 kRecordOverhead = 9;
/** No record is larger (an inserted member's bytes are the largest). */
constexpr qint64 kMaxRecord = qint64(1) << 40;

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Journal", text);
}

class Writer
{
public:
    void u8(quint8 v) { mBytes.append(char(v)); }
    void u32(quint32 v)
    {
        char b[4];
        qToLittleEndian(v, b);
        mBytes.append(b, 4);
    }
    void i32(qint32 v) { u32(quint32(v)); }
    void i64(qint64 v)
    {
        char b[8];
        qToLittleEndian(v, b);
        mBytes.append(b, 8);
    }
    void bytes(const QByteArray &b)
    {
        i64(b.size());
        mBytes.append(b);
    }
    void raw(const QByteArray &b) { mBytes.append(b); }
    void str(const QString &s) { bytes(s.toUtf8()); }
    QByteArray take() { return std::move(mBytes); }

private:
    QByteArray mBytes;
};

/** Reads a record's payload; any read past its end makes it bad (and returns zeroes). */
class Reader
{
public:
    Reader(const char *data, qint64 size) : mData(data), mSize(size) {}
    bool ok() const { return mOk; }
    bool atEnd() const { return mPos == mSize; }
    qint64 left() const { return mSize - mPos; }
    bool need(qint64 n)
    {
        if (!mOk || n < 0 || n > left())
            mOk = false;
        return mOk;
    }
    quint8 u8()
    {
        if (!need(1))
            return 0;
        return quint8(mData[mPos++]);
    }
    quint32 u32()
    {
        if (!need(4))
            return 0;
        const quint32 v = qFromLittleEndian<quint32>(mData + mPos);
        mPos += 4;
        return v;
    }
    qint32 i32() { return qint32(u32()); }
    qint64 i64()
    {
        if (!need(8))
            return 0;
        const qint64 v = qFromLittleEndian<qint64>(mData + mPos);
        mPos += 8;
        return v;
    }
    QByteArray raw(qint64 n)
    {
        if (!need(n))
            return QByteArray();
        QByteArray b(mData + mPos, n);
        mPos += n;
        return b;
    }
    QByteArray bytes() { return raw(i64()); }
    QString str() { return QString::fromUtf8(bytes()); }
    void fail() { mOk = false; }

private:
    const char *mData;
    qint64 mSize;
    qint64 mPos = 0;
    bool mOk = true;
};

QByteArray record(RecordType type, const QByteArray &payload)
{
    Writer w;
    w.u32(quint32(payload.size()));
    w.u8(type);
    w.raw(payload);
    QByteArray out = w.take();
    const quint32 crc = codec::crc32(0, out.constData(), out.size());
    char b[4];
    qToLittleEndian(crc, b);
    out.append(b, 4);
    return out;
}

void writeOp(Writer &w, const JournalOp &op)
{
    w.u8(quint8(op.kind));
    w.i32(op.row);
    switch (op.kind) {
    case JournalOpKind::Write: {
        w.u32(quint32(op.runs.size()));
        for (const OffsetRun &r : op.runs) {
            w.i64(r.start);
            w.i64(r.stride);
            w.i64(r.count);
        }
        if (op.values.size() == 1) {
            w.u8(0);
            w.bytes(op.values[0]);
            break;
        }
        // Mode 1 stores one size for all values; the reader refuses a size of 0 (it would let a few bytes claim
        // billions of values), so empty values always go one by one.
        bool uniform = !op.values.isEmpty() && !op.values[0].isEmpty();
        for (const QByteArray &v : op.values)
            uniform = uniform && v.size() == op.values[0].size();
        if (uniform) {
            w.u8(1);
            w.u32(quint32(op.values[0].size()));
            for (const QByteArray &v : op.values)
                w.raw(v);
        } else {
            w.u8(2);
            for (const QByteArray &v : op.values)
                w.bytes(v);
        }
        break;
    }
    case JournalOpKind::Rename:
        w.str(op.key);
        break;
    case JournalOpKind::Remove:
        break;
    case JournalOpKind::Insert:
        w.str(op.key);
        w.u8(quint8(op.origin));
        w.i32(op.sourceIndex);
        w.str(op.originPath);
        w.i64(op.originSize);
        w.i64(op.originMtimeMs);
        w.bytes(op.npyBytes);
        break;
    }
}

bool readOp(Reader &r, JournalOp *op)
{
    const quint8 kind = r.u8();
    op->row = r.i32();
    if (!r.ok() || op->row < 0)
        return false;
    switch (kind) {
    case quint8(JournalOpKind::Write): {
        op->kind = JournalOpKind::Write;
        const quint32 runCount = r.u32();
        if (!r.ok() || runCount == 0 || qint64(runCount) * 24 > r.left())
            return false;
        qint64 total = 0;
        for (quint32 i = 0; i < runCount; ++i) {
            OffsetRun run{r.i64(), r.i64(), r.i64()};
            if (run.start < 0 || run.count < 1 || !checkedAdd(total, run.count, &total))
                return false;
            op->runs.append(run);
        }
        if (total > std::numeric_limits<qint32>::max())
            return false;
        const quint8 mode = r.u8();
        if (mode == 0) {
            op->values.append(r.bytes());
        } else if (mode == 1) {
            const qint64 size = r.u32();
            qint64 all = 0;
            if (!r.ok() || size < 1 || !checkedMul(size, total, &all) || all > r.left())
                return false;
            op->values.reserve(total);
            for (qint64 i = 0; i < total; ++i)
                op->values.append(r.raw(size));
        } else if (mode == 2) {
            if (total * 8 > r.left())
                return false;
            op->values.reserve(total);
            for (qint64 i = 0; i < total && r.ok(); ++i)
                op->values.append(r.bytes());
        } else {
            return false;
        }
        return r.ok();
    }
    case quint8(JournalOpKind::Rename):
        op->kind = JournalOpKind::Rename;
        op->key = r.str();
        return r.ok() && !op->key.isEmpty();
    case quint8(JournalOpKind::Remove):
        op->kind = JournalOpKind::Remove;
        return true;
    case quint8(JournalOpKind::Insert): {
        op->kind = JournalOpKind::Insert;
        op->key = r.str();
        const quint8 origin = r.u8();
        op->sourceIndex = r.i32();
        op->originPath = r.str();
        op->originSize = r.i64();
        op->originMtimeMs = r.i64();
        op->npyBytes = r.bytes();
        if (origin > quint8(JournalOrigin::Inline))
            return false;
        op->origin = JournalOrigin(origin);
        return r.ok() && !op->key.isEmpty();
    }
    default:
        return false;
    }
}

} // namespace

qint64 JournalOp::offsetCount() const
{
    qint64 n = 0;
    for (const OffsetRun &r : runs)
        n += r.count;
    return n;
}

QList<qint64> JournalOp::offsets() const
{
    QList<qint64> out;
    out.reserve(offsetCount());
    for (const OffsetRun &r : runs) {
        for (qint64 i = 0; i < r.count; ++i)
            out.append(r.start + i * r.stride);
    }
    return out;
}

JournalOp JournalOp::write(int row, const QList<qint64> &offsets, const QList<QByteArray> &values)
{
    Q_ASSERT(offsets.size() == values.size());
    JournalOp op;
    op.kind = JournalOpKind::Write;
    op.row = row;
    for (qsizetype i = 0; i < offsets.size(); ++i) {
        if (!op.runs.isEmpty()) {
            OffsetRun &last = op.runs.last();
            const qint64 next = offsets[i] - (last.start + (last.count - 1) * last.stride);
            if (last.count == 1 && next != 0) {
                last.stride = next;
                last.count = 2;
                continue;
            }
            if (last.count > 1 && next == last.stride) {
                ++last.count;
                continue;
            }
        }
        op.runs.append(OffsetRun{offsets[i], 0, 1});
    }
    bool constant = !values.isEmpty();
    for (const QByteArray &v : values)
        constant = constant && v == values[0];
    if (constant)
        op.values = {values[0]};
    else
        op.values = values;
    return op;
}

int JournalContent::netSteps() const
{
    int n = 0;
    for (const JournalEntry &e : entries) {
        if (e.kind == JournalEntryKind::Undo)
            n = qMax(0, n - 1);
        else if (!(e.kind == JournalEntryKind::Step && e.replacesTop && n > 0))
            ++n;
    }
    return n;
}

qint64 JournalContent::lastTimeMs() const
{
    return entries.isEmpty() ? createdMs : entries.last().timeMs;
}

QByteArray journalMagic()
{
    return QByteArrayLiteral("NPYJRNL1");
}

QByteArray encodeJournalStart(const JournalFileState &file, qint64 createdMs)
{
    Writer w;
    w.u32(kJournalVersion);
    w.i64(createdMs);
    w.str(file.path);
    w.i64(file.size);
    w.i64(file.mtimeMs);
    w.u32(file.headersHash);
    w.i64(file.memberCount);
    return journalMagic() + record(Rec_File, w.take());
}

QByteArray encodeJournalMemberHash(const JournalMemberHash &hash)
{
    Writer w;
    w.i32(hash.sourceIndex);
    w.str(hash.key);
    w.i64(hash.hashedBytes);
    w.u32(hash.crc);
    return record(Rec_MemberHash, w.take());
}

QByteArray encodeJournalEntry(const JournalEntry &entry)
{
    Writer w;
    w.i64(entry.timeMs);
    if (entry.kind != JournalEntryKind::Step)
        return record(entry.kind == JournalEntryKind::Undo ? Rec_Undo : Rec_Redo, w.take());
    w.u8(entry.replacesTop ? 1 : 0);
    w.str(entry.text);
    w.u32(quint32(entry.ops.size()));
    for (const JournalOp &op : entry.ops)
        writeOp(w, op);
    return record(Rec_Step, w.take());
}

Result<JournalContent> parseJournal(const QByteArray &bytes, const QString &where)
{
    const QByteArray magic = journalMagic();
    if (!bytes.startsWith(magic))
        return Result<JournalContent>::failure(tr("%1 is not an NPY Inspector journal (no journal magic at byte 0).")
                                                   .arg(where));
    JournalContent out;
    qint64 pos = magic.size();
    out.validBytes = pos;
    bool first = true;
    while (pos < bytes.size()) {
        const qint64 left = bytes.size() - pos;
        if (left < kRecordOverhead + 4) {
            out.tornTail = true;
            break;
        }
        const qint64 length = qFromLittleEndian<quint32>(bytes.constData() + pos);
        if (length > kMaxRecord || length + kRecordOverhead > left) {
            out.tornTail = true;
            break;
        }
        const quint32 stored = qFromLittleEndian<quint32>(bytes.constData() + pos + 5 + length);
        const quint32 actual = codec::crc32(0, bytes.constData() + pos, 5 + length);
        const quint8 type = quint8(bytes.at(pos + 4));
        if (stored != actual) {
            // The last record with a bad checksum was being written when the process died.
            if (pos + length + kRecordOverhead == bytes.size())
                out.tornTail = true;
            else
                out.damage = tr("%1: the record at byte %2 has a bad checksum; it and the %3 bytes after it were "
                                "dropped.")
                                 .arg(where)
                                 .arg(pos)
                                 .arg(bytes.size() - pos - length - kRecordOverhead);
            break;
        }
        Reader r(bytes.constData() + pos + 5, length);
        bool good = true;
        if (first) {
            good = type == Rec_File && r.u32() == kJournalVersion;
            out.createdMs = r.i64();
            out.file.path = r.str();
            out.file.size = r.i64();
            out.file.mtimeMs = r.i64();
            out.file.headersHash = r.u32();
            out.file.memberCount = r.i64();
            if (!good || !r.ok() || !r.atEnd())
                return Result<JournalContent>::failure(
                    tr("%1: the journal's first record (byte %2) does not name a file.").arg(where).arg(pos));
            first = false;
        } else if (type == Rec_MemberHash) {
            JournalMemberHash h;
            h.sourceIndex = r.i32();
            h.key = r.str();
            h.hashedBytes = r.i64();
            h.crc = r.u32();
            good = r.ok() && r.atEnd() && h.sourceIndex >= 0;
            if (good)
                out.memberHashes.append(h);
        } else if (type == Rec_Undo || type == Rec_Redo) {
            JournalEntry e;
            e.kind = type == Rec_Undo ? JournalEntryKind::Undo : JournalEntryKind::Redo;
            e.timeMs = r.i64();
            good = r.ok() && r.atEnd();
            if (good)
                out.entries.append(e);
        } else if (type == Rec_Step) {
            JournalEntry e;
            e.timeMs = r.i64();
            e.replacesTop = r.u8() & 1;
            e.text = r.str();
            const quint32 n = r.u32();
            good = r.ok() && n > 0 && qint64(n) * 5 <= r.left();
            for (quint32 i = 0; good && i < n; ++i) {
                JournalOp op;
                good = readOp(r, &op);
                e.ops.append(std::move(op));
            }
            good = good && r.ok() && r.atEnd();
            if (good)
                out.entries.append(std::move(e));
        } else {
            good = false;
        }
        if (!good) {
            out.damage = tr("%1: the record at byte %2 (type %3) cannot be read; it and what follows were dropped.")
                             .arg(where)
                             .arg(pos)
                             .arg(type);
            break;
        }
        pos += length + kRecordOverhead;
        out.validBytes = pos;
    }
    if (first)
        return Result<JournalContent>::failure(tr("%1: the journal ends before its first record.").arg(where));
    return out;
}

} // namespace npy
