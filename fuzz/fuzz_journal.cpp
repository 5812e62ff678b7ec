// Fuzz target: the crash journal reader (core/journal), on arbitrary bytes. Inputs whose first byte is odd get
// every record's CRC-32 made right first, so that the fuzzer reaches the readers of the records' payloads.
#include "deflate.h"
#include "journal.h"

#include <QtEndian>

namespace {

void fixChecksums(QByteArray *bytes)
{
    qint64 pos = npy::journalMagic().size();
    while (pos + 9 <= bytes->size()) {
        const qint64 length = qFromLittleEndian<quint32>(bytes->constData() + pos);
        if (length > bytes->size() - pos - 9)
            break;
        const quint32 crc = npy::codec::crc32(0, bytes->constData() + pos, 5 + length);
        qToLittleEndian(crc, bytes->data() + pos + 5 + length);
        pos += 9 + length;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    if (data[0] & 1) {
        if (!bytes.startsWith(npy::journalMagic()))
            bytes.prepend(npy::journalMagic());
        fixChecksums(&bytes);
    }
    const npy::Result<npy::JournalContent> read = npy::parseJournal(bytes, QStringLiteral("fuzz"));
    if (!read.ok())
        return 0;
    const npy::JournalContent &c = read.value();
    if (c.validBytes > bytes.size())
        __builtin_trap();
    // What was read writes back to a journal that reads the same.
    QByteArray again = npy::encodeJournalStart(c.file, c.createdMs);
    for (const npy::JournalMemberHash &h : c.memberHashes)
        again += npy::encodeJournalMemberHash(h);
    for (const npy::JournalEntry &e : c.entries)
        again += npy::encodeJournalEntry(e);
    const npy::Result<npy::JournalContent> reread = npy::parseJournal(again, QStringLiteral("again"));
    if (!reread.ok() || reread.value().tornTail || !reread.value().damage.isEmpty()
        || reread.value().entries.size() != c.entries.size() || !(reread.value().file == c.file)
        || reread.value().memberHashes != c.memberHashes)
        __builtin_trap();
    for (qsizetype i = 0; i < c.entries.size(); ++i) {
        const npy::JournalEntry &a = c.entries[i];
        const npy::JournalEntry &b = reread.value().entries[i];
        if (a.kind != b.kind || a.ops.size() != b.ops.size() || a.text != b.text)
            __builtin_trap();
        for (qsizetype j = 0; j < a.ops.size(); ++j) {
            if (a.ops[j].runs != b.ops[j].runs || a.ops[j].values != b.ops[j].values || a.ops[j].key != b.ops[j].key
                || a.ops[j].npyBytes != b.ops[j].npyBytes)
                __builtin_trap();
        }
    }
    return 0;
}
