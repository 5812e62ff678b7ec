// Fuzz target: the NPY preamble + header parser, on arbitrary bytes.
#include "npyheader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    npy::NpyHeader header;
    QString error;
    qint64 needed = 0;
    const auto r = npy::parseNpyHeader(reinterpret_cast<const char *>(data), qint64(size), &header, &error, &needed);
    if (r == npy::HeaderParse::Ok) {
        // What we parse we must be able to write back, and parse again to the same thing.
        npy::Result<QByteArray> bytes = npy::buildNpyHeader(header.dtype, header.shape, header.fortranOrder);
        if (bytes.ok() && header.dtype.kind != npy::Kind::Object) {
            npy::NpyHeader again;
            if (npy::parseNpyHeader(bytes->constData(), bytes->size(), &again, &error) != npy::HeaderParse::Ok
                || !(again.dtype == header.dtype) || again.shape != header.shape)
                __builtin_trap();
        }
    }
    return 0;
}
