// Fuzz target: the text-to-value parser. The first byte picks the dtype, the rest is the text.
#include "valuetext.h"

#include <QStringList>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QStringList types = {
        QStringLiteral("|b1"), QStringLiteral("|i1"), QStringLiteral("<u2"), QStringLiteral(">i4"),
        QStringLiteral("<u8"), QStringLiteral("<i8"), QStringLiteral("<f2"), QStringLiteral(">f4"),
        QStringLiteral("<f8"), QStringLiteral("<f16"), QStringLiteral("<c8"), QStringLiteral(">c16"),
        QStringLiteral("<c32"), QStringLiteral("|S5"), QStringLiteral("<U3"), QStringLiteral("|V4"),
        QStringLiteral("<M8[D]"), QStringLiteral("<M8[ns]"), QStringLiteral(">M8[10ms]"), QStringLiteral("<M8[W]"),
        QStringLiteral("<M8[Y]"), QStringLiteral("<m8[s]"), QStringLiteral("<m8[3M]"), QStringLiteral("<m8"),
        QStringLiteral("<M8[as]"), QStringLiteral("<M8[M]"), QStringLiteral("<M8[h]"),
    };
    if (size < 1)
        return 0;
    npy::DType type;
    QString error;
    if (!npy::DType::fromTypeString(types[data[0] % types.size()], &type, &error))
        __builtin_trap();
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QByteArray bytes;
    QString why;
    if (npy::parseValue(type, text, &bytes, &why)) {
        if (bytes.size() != type.itemSize)
            __builtin_trap();
        // Whatever parses must format, and that text must parse back to the same value.
        const QString shown = npy::formatValue(type, reinterpret_cast<const uchar *>(bytes.constData()));
        QByteArray again;
        if (!npy::parseValue(type, shown, &again, &why))
            __builtin_trap();
        const QString shownAgain = npy::formatValue(type, reinterpret_cast<const uchar *>(again.constData()));
        if (shownAgain != shown)
            __builtin_trap();
    }
    return 0;
}
