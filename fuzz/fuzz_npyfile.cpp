// Fuzz target: a whole .npy held in memory: parse, then format and summarise every element.
#include "npyfile.h"
#include "stats.h"
#include "valuetext.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    npy::Result<npy::NpyArray> array = npy::readNpyBytes(bytes, QStringLiteral("fuzz.npy"));
    if (!array.ok())
        return 0;
    const QList<npy::LeafColumn> leaves = npy::leafColumns(array->dtype());
    const qint64 n = std::min<qint64>(array->size(), 64);
    for (qint64 flat = 0; flat < n; ++flat) {
        for (const npy::LeafColumn &leaf : leaves) {
            const uchar *p = array->element(flat) + leaf.offset;
            const QString text = npy::formatValue(leaf.type, p);
            QByteArray back;
            QString why;
            (void)npy::parseValue(leaf.type, text, &back, &why);
            (void)npy::valueToDouble(leaf.type, p);
        }
    }
    (void)npy::computeStats(array.value());
    return 0;
}
