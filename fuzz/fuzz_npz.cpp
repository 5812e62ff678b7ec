// Fuzz target: an .npz archive: open it, then read every member (arrays, raw members, streamed data).
#include "source.h"
#include "stats.h"

#include <QFile>
#include <QTemporaryDir>

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
    auto source = npy::Source::open(path);
    if (!source.ok())
        return 0;
    const npy::Source &s = *source.value();
    for (int i = 0; i < s.members().size(); ++i) {
        if (s.members()[i].isArray) {
            (void)s.load(i);
            (void)npy::computeStats(s, i);
        } else {
            (void)s.readRaw(i);
        }
    }
    return 0;
}
