#include "export.h"

#include "npyfile.h"
#include "savefile.h"
#include "valuetext.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>

#include <cerrno>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Export)
};

QString csvField(const QString &text)
{
    // An empty text is quoted so that a one-column row of it is not an empty line.
    if (text.isEmpty())
        return QStringLiteral("\"\"");
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool showable(uchar b)
{
    // Tab and line breaks are kept (CSV quoting carries them); other C0 and C1 controls are not.
    return b == '\t' || b == '\n' || b == '\r' || (b >= 0x20 && b < 0x7f) || b >= 0xa0;
}

/**
 * A bytes value (S dtype) as text: the bytes read as Latin-1 up to the trailing NULs NumPy drops,
 * each byte that cannot be shown as `\xNN`. When there is such an escape, a backslash is written
 * `\\` so that the text reads back unambiguously; plain text stays exactly as it is.
 */
QString bytesText(const uchar *data, qint64 size)
{
    while (size > 0 && data[size - 1] == 0)
        --size;
    bool plain = true;
    for (qint64 i = 0; i < size && plain; ++i)
        plain = showable(data[i]);
    QString text;
    text.reserve(int(size));
    for (qint64 i = 0; i < size; ++i) {
        const uchar b = data[i];
        if (plain || (showable(b) && b != '\\'))
            text += QChar(ushort(b));
        else if (b == '\\')
            text += QStringLiteral("\\\\");
        else
            text += QStringLiteral("\\x%1").arg(uint(b), 2, 16, QLatin1Char('0'));
    }
    return text;
}

QString csvValue(const DType &type, const uchar *data)
{
    if (type.kind == Kind::Bytes)
        return bytesText(data, type.itemSize);
    return formatValue(type, data);
}

} // namespace

QString safeMemberPath(const QString &key)
{
    QString cleaned;
    cleaned.reserve(key.size());
    for (QChar c : key) {
        if (c == QLatin1Char('\\'))
            cleaned += QLatin1Char('/');
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f || c == QLatin1Char(':') || c == QLatin1Char('*')
                 || c == QLatin1Char('?') || c == QLatin1Char('"') || c == QLatin1Char('<') || c == QLatin1Char('>')
                 || c == QLatin1Char('|'))
            cleaned += QLatin1Char('_');
        else
            cleaned += c;
    }
    QStringList parts;
    const QStringList raw = cleaned.split(QLatin1Char('/'));
    for (const QString &part : raw) {
        const QString p = part.trimmed();
        if (p.isEmpty() || p == QLatin1String(".") || p == QLatin1String(".."))
            continue;
        parts << p.left(200);
    }
    if (parts.isEmpty())
        return QStringLiteral("unnamed");
    return parts.join(QLatin1Char('/'));
}

QStringList exportFileNames(const Source &source, const QList<int> &indexes)
{
    QSet<QString> used;
    QStringList names;
    for (int index : indexes) {
        const QString stem = index >= 0 && index < source.members().size()
                                 ? safeMemberPath(source.members()[index].name)
                                 : QStringLiteral("unnamed");
        QString rel = stem + QStringLiteral(".npy");
        for (int n = 1; used.contains(rel.toLower()); ++n)
            rel = QStringLiteral("%1_%2.npy").arg(stem).arg(n);
        used.insert(rel.toLower());
        names.append(rel);
    }
    return names;
}

Status exportMembers(const Source &source, const QList<int> &indexes, const QString &dir, bool overwrite,
                     QStringList *written, const Progress &progress)
{
    const QDir base(dir);
    if (!base.exists() && !QDir().mkpath(dir))
        return Status::failure(Tr::tr("%1: cannot create the folder").arg(dir));
    const QString root = QFileInfo(dir).absoluteFilePath();
    const QStringList names = exportFileNames(source, indexes);
    QStringList targets;
    QStringList existing;
    for (qsizetype k = 0; k < indexes.size(); ++k) {
        const int index = indexes[k];
        if (index < 0 || index >= source.members().size())
            return Status::failure(Tr::tr("%1: no member %2").arg(source.path()).arg(index));
        const MemberInfo &m = source.members()[index];
        if (!m.isArray)
            return Status::failure(Tr::tr("%1: member '%2' is not an array").arg(source.path(), m.archiveName));
        const QString target = QDir::cleanPath(root + QLatin1Char('/') + names[k]);
        if (!target.startsWith(root + QLatin1Char('/')))
            return Status::failure(Tr::tr("%1: member '%2' would be written outside %3").arg(source.path(), m.name, dir));
        if (QFileInfo::exists(target))
            existing.append(names[k]);
        targets.append(target);
    }
    if (!overwrite && !existing.isEmpty())
        return Status::failure(Tr::tr("%1: %n file(s) exist already and are not overwritten: %2", nullptr,
                                      int(existing.size()))
                                   .arg(dir, existing.join(QStringLiteral(", "))));
    for (qsizetype k = 0; k < indexes.size(); ++k) {
        if (progress.cancelled())
            return Status::failure(Tr::tr("cancelled"));
        const QString &target = targets[k];
        if (!QDir().mkpath(QFileInfo(target).absolutePath()))
            return Status::failure(Tr::tr("%1: cannot create the folder").arg(QFileInfo(target).absolutePath()));
        Result<NpyArray> array = source.load(indexes[k], progress);
        if (!array)
            return Status::failure(array.error());
        Status st = saveNpyFile(target, array.value());
        if (!st)
            return st;
        if (written)
            written->append(target);
    }
    return Status();
}

Status writeCsv(QIODevice *device, const NpyArray &array)
{
    const QList<LeafColumn> leaves = leafColumns(array.dtype());
    if (array.dtype().kind == Kind::Object)
        return Status::failure(pickledMessage(array.header()));
    const QList<qint64> &shape = array.shape();
    const qint64 cols = shape.size() >= 2 ? shape.last() : 1;
    const qint64 rows = cols > 0 ? array.size() / cols : 0;
    const bool isStruct = array.dtype().kind == Kind::Struct;
    QByteArray out;
    auto flush = [&]() {
        if (device->write(out) != out.size())
            return false;
        out.clear();
        return true;
    };
    if (isStruct) {
        QStringList names;
        for (qint64 c = 0; c < cols; ++c)
            for (const LeafColumn &leaf : leaves)
                names << csvField(cols > 1 ? QStringLiteral("%1[%2]").arg(leaf.name).arg(c) : leaf.name);
        out += names.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    for (qint64 r = 0; r < rows; ++r) {
        QString line;
        for (qint64 c = 0; c < cols; ++c) {
            const uchar *element = array.element(r * cols + c);
            for (const LeafColumn &leaf : leaves) {
                if (c > 0 || &leaf != &leaves.first())
                    line += QLatin1Char(',');
                line += csvField(csvValue(leaf.type, element + leaf.offset));
            }
        }
        out += line.toUtf8();
        out += '\n';
        if (out.size() > (1 << 20) && !flush())
            return Status::failure(Tr::tr("write failed: %1").arg(device->errorString()));
    }
    if (!flush())
        return Status::failure(Tr::tr("write failed: %1").arg(device->errorString()));
    return Status();
}

Status exportCsv(const NpyArray &array, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::failure(QStringLiteral("%1: %2").arg(path, file.errorString()));
    Status st = writeCsv(&file, array);
    if (!st) {
        file.cancelWriting();
        return Status::failure(QStringLiteral("%1: %2").arg(path, st.error()));
    }
    if (!file.commit()) {
        const int error = errno;
        return Status::failure(QStringLiteral("%1: %2").arg(path, commitFailureReason(file, error)));
    }
    return Status();
}

Status exportSliceCsv(const NpyArray &array, const SliceSpec &spec, const CellRange &block, const QString &path)
{
    Result<NpyArray> b = sliceBlock(array, spec, block);
    if (!b)
        return Status::failure(QStringLiteral("%1: %2").arg(path, b.error()));
    return exportCsv(b.value(), path);
}

} // namespace npy
