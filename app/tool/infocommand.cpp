#include "infocommand.h"

#include "coordinates.h"
#include "member.h"
#include "source.h"
#include "toolpickle.h"
#include "toolsparse.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace npy {

namespace {

const char kSynopsis[] = "  npy-tool info FILE [--json | --names]\n";

QString dtypeText(const MemberInfo &m)
{
    if (m.header.dtype.kind == Kind::Struct)
        return m.header.dtype.descr();
    return m.header.dtype.typeString();
}

QString compressionText(Compression c)
{
    switch (c) {
    case Compression::Stored:
        return QStringLiteral("stored");
    case Compression::Deflated:
        return QStringLiteral("deflated");
    case Compression::Bzip2:
        return QStringLiteral("bzip2");
    case Compression::Lzma:
        return QStringLiteral("lzma");
    case Compression::Unsupported:
        return QStringLiteral("unsupported");
    case Compression::None:
        break;
    }
    return QString();
}

/** kToolInvalid, after naming each truncated member on \a err, when the file is cut short. */
int truncation(const Source &source, QTextStream &out, QTextStream &err)
{
    out.flush();
    int status = kToolOk;
    for (const MemberInfo &m : source.members()) {
        if (m.truncated)
            status = toolInvalid(err, memberError(source, m));
    }
    return status;
}

void printJson(const Source &source, QTextStream &out)
{
    const bool npz = source.format() == FileFormat::Npz;
    QJsonArray members;
    PickleObjects pickles;
    // One entry per axis: the member that labels it, or null (none for members without axes).
    const QList<QList<int>> coords = findCoordinates(source);
    QHash<QList<int>, QJsonArray> coordLists;
    for (const MemberInfo &m : source.members()) {
        const int index = int(&m - source.members().constData());
        QJsonObject o;
        o[QStringLiteral("name")] = m.name;
        const bool header = m.isArray && (m.error.isEmpty() || m.header.isPickled() || m.truncated);
        if (header) {
            o[QStringLiteral("dtype")] = dtypeText(m);
            QJsonArray shape;
            for (qint64 d : m.header.shape)
                shape.append(double(d));
            o[QStringLiteral("shape")] = shape;
            o[QStringLiteral("fortran_order")] = m.header.fortranOrder;
            o[QStringLiteral("version")] = QStringLiteral("%1.%2").arg(m.header.major).arg(m.header.minor);
            o[QStringLiteral("nbytes")] = double(m.header.dataBytes);
        } else {
            o[QStringLiteral("dtype")] = QJsonValue::Null;
            o[QStringLiteral("shape")] = QJsonValue::Null;
            o[QStringLiteral("fortran_order")] = QJsonValue::Null;
            o[QStringLiteral("version")] = QJsonValue::Null;
            o[QStringLiteral("nbytes")] = QJsonValue::Null;
        }
        o[QStringLiteral("array")] = m.isArray;
        if (m.header.isPickled())
            o[QStringLiteral("pickled")] = true;
        if (!m.error.isEmpty())
            o[QStringLiteral("error")] = m.error;
        if (!m.warning.isEmpty())
            o[QStringLiteral("warning")] = m.warning;
        o[QStringLiteral("compression")] = npz ? QJsonValue(compressionText(m.compression)) : QJsonValue();
        o[QStringLiteral("compressed_size")] = npz ? QJsonValue(double(m.storedSize)) : QJsonValue();
        // Archives of many small members share a few lists: each is built once.
        const QList<int> &axesOf = coords.value(index);
        auto axes = coordLists.find(axesOf);
        if (axes == coordLists.end()) {
            QJsonArray list;
            for (int c : axesOf)
                list.append(c < 0 ? QJsonValue() : QJsonValue(source.members()[c].name));
            axes = coordLists.insert(axesOf, list);
        }
        o[QStringLiteral("coords")] = axes.value();
        if (m.isArray && m.header.isPickled())
            pickles.annotate(source, index, &o);
        members.append(o);
    }
    QJsonObject root;
    root[QStringLiteral("file")] = source.path();
    root[QStringLiteral("format")] = npz ? QStringLiteral("npz") : QStringLiteral("npy");
    const SparseRead sparse = readSparse(source);
    if (sparse.matrix) {
        const SparseMatrix &m = *sparse.matrix;
        QJsonObject o;
        o[QStringLiteral("format")] = m.scipyName();
        o[QStringLiteral("shape")] = QJsonArray{double(m.rows), double(m.cols)};
        o[QStringLiteral("nnz")] = double(m.nnz);
        o[QStringLiteral("dtype")] = m.dtype.typeString();
        root[QStringLiteral("sparse")] = o;
    } else if (sparse.laidOut) {
        root[QStringLiteral("sparse")] = QJsonValue::Null;
        root[QStringLiteral("sparse_error")] = sparse.error;
    }
    root[QStringLiteral("members")] = members;
    writeLine(out, pickles.splice(QJsonDocument(root).toJson(QJsonDocument::Compact)));
}

void printText(const Source &source, QTextStream &out)
{
    const bool npz = source.format() == FileFormat::Npz;
    out << source.path() << ": " << (npz ? "npz" : "npy") << ", "
        << Tr::tr("%n member(s)", nullptr, int(source.members().size())) << '\n';
    const SparseRead sparse = readSparse(source);
    if (sparse.matrix)
        out << "  " << Tr::tr("SciPy sparse matrix: %1, %2").arg(sparse.matrix->description(), sparse.matrix->dtype.displayName()) << '\n';
    else if (sparse.laidOut)
        out << "  " << Tr::tr("(laid out as a SciPy sparse matrix, read as plain members: %1)").arg(sparse.error) << '\n';
    for (const MemberInfo &m : source.members()) {
        out << "  " << m.name;
        if (m.isArray && (m.error.isEmpty() || m.header.isPickled() || m.truncated)) {
            out << "  " << dtypeText(m) << "  " << m.header.shapeText() << "  "
                << (m.header.fortranOrder ? "fortran" : "C") << "  v" << m.header.major << '.' << m.header.minor
                << "  " << Tr::tr("%1 bytes").arg(m.header.dataBytes);
        } else if (!m.isArray && !m.truncated) {
            out << "  " << Tr::tr("(not an array, %1 bytes)").arg(m.size);
        }
        if (npz && !m.truncated)
            out << "  " << compressionText(m.compression) << ' ' << m.storedSize;
        if (m.isArray && m.header.isPickled())
            out << "  [" << pickleSummary(source, int(&m - source.members().constData())) << ']';
        else if (!m.error.isEmpty())
            out << "  [" << m.error << ']';
        if (!m.warning.isEmpty())
            out << "  [" << m.warning << ']';
        out << '\n';
    }
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const Args a = parseArgs(args, false);
    if (!a.bad.isEmpty())
        return toolUsageError(err, a.bad);
    QString bad;
    if (a.positional.size() != 1 || !allowOnly(a, {"--json", "--names"}, false, false, &bad))
        return toolUsageError(err, bad.isEmpty() ? Tr::tr("info takes one FILE") : bad);
    const bool names = a.flags.contains(QStringLiteral("--names"));
    if (names && a.flags.contains(QStringLiteral("--json")))
        return toolUsageError(err, Tr::tr("--json and --names exclude each other"));
    auto source = openInput(a.positional.first(), err);
    if (!source)
        return kToolInvalid;
    if (names) {
        // One key a line, as --member takes them (shell completion reads these).
        for (const MemberInfo &m : source->members())
            out << m.name << '\n';
    } else if (a.flags.contains(QStringLiteral("--json"))) {
        printJson(*source, out);
    } else {
        printText(*source, out);
    }
    return truncation(*source, out, err);
}

} // namespace

const ToolCommand kInfoCommand = {"info", kSynopsis, nullptr, run};

} // namespace npy
