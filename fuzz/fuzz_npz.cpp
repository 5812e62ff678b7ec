// Fuzz target: an .npz archive: open it, then read every member (arrays, raw members, streamed
// data), a byte range of it (our chunk index's spans, or an early stop), and, for DEFLATED members,
// random access through a seek index (zran-style checkpoints) and through the paged store.
#include "npzreader.h"
#include "opensource.h"
#include "pagedstore.h"
#include "seekindex.h"
#include "splitinflate.h"
#include "source.h"
#include "stats.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("fuzz.npz"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return 0;
        f.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    auto source = npy::openSource(path);
    if (!source.ok())
        return 0;
    const npy::Source &s = *source.value();
    // The last input byte picks the range and the checkpoint spacing, so the fuzzer steers them.
    const qint64 pick = size > 0 ? data[size - 1] : 0;
    for (int i = 0; i < s.members().size(); ++i) {
        if (!s.members()[i].isArray) {
            (void)s.readRaw(i);
            continue;
        }
        (void)s.load(i);
        (void)npy::verifyMember(s, i);
        (void)npy::computeStats(s, i);
        const qint64 n = s.members()[i].header.dataBytes;
        qint64 sum = 0;
        (void)s.readDataRange(i, n * (pick & 15) / 16, n - (pick >> 4), [&](const uchar *p, qint64 k) {
            for (qint64 j = 0; j < k; j += 97)
                sum += p[j];
            return true;
        });
        npy::RawMember raw;
        if (npy::rawMember(s, i, &raw) && raw.method == 8 && raw.uncompressedSize > 0
            && raw.uncompressedSize <= (qint64(8) << 20)) {
            npy::codec::SeekIndex seek(path, raw.dataOffset, raw.compressedSize, raw.uncompressedSize,
                                       1024 * (1 + pick % 64));
            uchar out[64];
            const qint64 at = raw.uncompressedSize * (pick % 7) / 7;
            const qint64 len = std::min<qint64>(64, raw.uncompressedSize - at);
            (void)seek.read(at, len, out);
            (void)seek.read(0, std::min<qint64>(16, raw.uncompressedSize), out);
            (void)seek.build();
            (void)seek.read(at, len, out);
            // The split check, on members of any size (the fuzzer's are small); its search for a block
            // boundary is slow under coverage instrumentation, so a third of the inputs take it.
            if (pick % 3 == 1)
                (void)npy::codec::verifyDeflateInTwo(path, raw.dataOffset, raw.compressedSize, raw.uncompressedSize,
                                                     raw.crc32, 0);
            if (pick % 5 == 0 && npy::PagedStore::available()) {
                // Paged: every member is touched at its start and end (a bad block reads as zeros).
                npy::setInflateBudget(1);
                auto paged = s.load(i);
                npy::setInflateBudget(0);
                if (paged.ok() && paged->nbytes() > 0)
                    sum += paged->data()[0] + paged->data()[paged->nbytes() - 1];
            }
        }
        (void)sum;
    }
    return 0;
}
