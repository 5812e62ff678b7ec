// Fuzz target: the pickle reader, on arbitrary bytes. An input that starts with the NPY magic is
// taken as a .npy file (the pickle follows its header), so tests/data/pickle seeds the corpus.
#include "npyheader.h"
#include "pickle.h"

#include <QBuffer>

#include "npyfile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = reinterpret_cast<const char *>(data);
    qint64 length = qint64(size);
    npy::NpyHeader header;
    QString error;
    if (npy::parseNpyHeader(bytes, length, &header, &error) == npy::HeaderParse::Ok) {
        bytes += header.dataOffset;
        length -= header.dataOffset;
    }
    npy::Result<npy::PickleTree> tree = npy::readPickle(bytes, length);
    if (!tree.ok()) {
        if (tree.error().isEmpty())
            __builtin_trap();
        return 0;
    }
    // Everything done with a tree must work on any tree the reader accepts.
    const QByteArray json = npy::pickleJson(tree.value(), tree->root());
    if (json.isEmpty() || tree->expandedCount() < 1)
        __builtin_trap();
    (void)npy::pickleRepr(tree.value(), tree->root());
    for (const npy::PickleArray &a : npy::pickleArrays(tree.value())) {
        npy::Result<npy::NpyArray> array = npy::pickleNodeArray(tree.value(), a.node);
        if (!array.ok())
            __builtin_trap();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        if (!npy::writeNpy(&buffer, array.value()).ok())
            __builtin_trap();
    }
    return 0;
}
