// The pickle reader's entry points and what is done with its tree: the final checks (cycles,
// depth, the expanded size of shared structure), JSON, export paths, arrays and reprs.

#include "pickle_p.h"

#include "npyheader.h"
#include "source.h"
#include "valuetext.h"

#include <QLocale>

#include <cmath>
#include <cstring>

namespace npy {

namespace {

/** The final walk: refuses self-references, nesting past the limit and expansions past the caps. */
class Checker
{
public:
    Checker(const std::vector<PickleNode> &nodes, const std::vector<PickleState> &state, const PickleLimits &limits,
            qint64 pickleSize)
        : mNodes(nodes), mState(state), mLimits(limits), mColor(nodes.size(), 0), mCount(nodes.size(), 0),
          mBytes(nodes.size(), 0), mArrayBytes(nodes.size(), 0), mHeight(nodes.size(), 0),
          mMaxArrayBytes(std::max(limits.maxExpandedArrayBytes, pickleSize > (qint64(1) << 60) ? pickleSize : 4 * pickleSize))
    {
    }

    bool visit(qint32 id, int depth)
    {
        const PickleNode &n = mNodes[size_t(id)];
        if (depth > mLimits.maxDepth)
            return fail(n.offset, PickleTr::tr("nesting deeper than %1 levels (limit)").arg(mLimits.maxDepth));
        if (mColor[size_t(id)] == 1)
            return fail(n.offset, PickleTr::tr("a %1 that contains itself (a self-reference); not shown")
                                      .arg(containerName(n.type)));
        if (mColor[size_t(id)] == 2) {
            if (depth + mHeight[size_t(id)] - 1 > mLimits.maxDepth)
                return fail(n.offset, PickleTr::tr("nesting deeper than %1 levels (limit)").arg(mLimits.maxDepth));
            return true;
        }
        if (mState[size_t(id)] == PickleState::Global && n.type != PickleType::Global)
            return fail(n.offset, PickleTr::tr("pickle refers to %1 as a value; not shown").arg(n.text));
        if (mState[size_t(id)] == PickleState::PendingArray)
            return fail(n.offset, PickleTr::tr("an ndarray whose state (__setstate__) never came"));
        if (mState[size_t(id)] == PickleState::PendingInstance)
            return fail(n.offset, PickleTr::tr("a %1 whose state (__setstate__) never came").arg(n.text));
        mColor[size_t(id)] = 1;
        qint64 count = 1;
        const bool array = n.type == PickleType::NdArray;
        qint64 bytes = (array ? 0 : n.data.size()) + n.text.size() * 2 + n.intText.size();
        qint64 arrayBytes = array ? n.data.size() : 0;
        int height = 1;
        for (qint32 child : n.items) {
            if (!visit(child, depth + 1))
                return false;
            count = std::min(count + mCount[size_t(child)], mLimits.maxExpandedNodes + 1);
            bytes = std::min(bytes + mBytes[size_t(child)], mLimits.maxExpandedBytes + 1);
            arrayBytes = std::min(arrayBytes + mArrayBytes[size_t(child)], mMaxArrayBytes + 1);
            height = std::max(height, 1 + mHeight[size_t(child)]);
            if (count > mLimits.maxExpandedNodes || bytes > mLimits.maxExpandedBytes || arrayBytes > mMaxArrayBytes)
                break; // refused below: the rest need not be walked
        }
        if (arrayBytes > mMaxArrayBytes)
            return fail(n.offset, PickleTr::tr("shared references expand to more than %1 bytes of arrays; not expanded")
                                      .arg(mMaxArrayBytes));
        mArrayBytes[size_t(id)] = arrayBytes;
        if (count > mLimits.maxExpandedNodes)
            return fail(n.offset, PickleTr::tr("shared references expand to more than %1 values (a memo bomb?); "
                                               "not expanded").arg(mLimits.maxExpandedNodes));
        if (bytes > mLimits.maxExpandedBytes)
            return fail(n.offset, PickleTr::tr("shared references expand to more than %1 bytes; not expanded")
                                      .arg(mLimits.maxExpandedBytes));
        mCount[size_t(id)] = count;
        mBytes[size_t(id)] = bytes;
        mHeight[size_t(id)] = height;
        mColor[size_t(id)] = 2;
        return true;
    }

    qint64 count(qint32 id) const { return mCount[size_t(id)]; }
    QString error;

private:
    static QString containerName(PickleType t)
    {
        switch (t) {
        case PickleType::List: return QStringLiteral("list");
        case PickleType::Tuple: return QStringLiteral("tuple");
        case PickleType::Dict: return QStringLiteral("dict");
        case PickleType::NdArray: return QStringLiteral("numpy.ndarray");
        default: return QStringLiteral("set");
        }
    }
    bool fail(qint64 offset, const QString &why)
    {
        error = PickleTr::tr("%1 (at byte %2 of the pickle)").arg(why).arg(offset);
        return false;
    }

    const std::vector<PickleNode> &mNodes;
    const std::vector<PickleState> &mState;
    const PickleLimits &mLimits;
    std::vector<quint8> mColor;
    std::vector<qint64> mCount;
    std::vector<qint64> mBytes;
    std::vector<qint64> mArrayBytes;
    std::vector<int> mHeight;
    qint64 mMaxArrayBytes;
};

QByteArray jsonString(const QString &s)
{
    QByteArray out = "\"";
    for (QChar c : s) {
        const ushort u = c.unicode();
        switch (u) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (u < 0x20 || c.isSurrogate())
                out += "\\u" + QByteArray::number(u, 16).rightJustified(4, '0');
            else
                out += QString(c).toUtf8();
        }
    }
    return out + '"';
}

QByteArray jsonDouble(double d)
{
    if (std::isnan(d))
        return QByteArrayLiteral("NaN");
    if (std::isinf(d))
        return d > 0 ? QByteArrayLiteral("Infinity") : QByteArrayLiteral("-Infinity");
    QByteArray s = QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
    if (!s.contains('.') && !s.contains('e'))
        s += ".0";
    return s;
}

QByteArray shapeJson(const QList<qint64> &shape)
{
    QByteArray out = "[";
    for (qsizetype i = 0; i < shape.size(); ++i)
        out += (i ? "," : "") + QByteArray::number(shape[i]);
    return out + ']';
}

void writeJson(const PickleTree &tree, qint32 id, QByteArray *out)
{
    const PickleNode &n = tree.node(id);
    auto items = [&](const char *type) {
        *out += "{\"type\":\"";
        *out += type;
        *out += "\",\"items\":[";
        for (size_t i = 0; i < n.items.size(); ++i) {
            if (i)
                *out += ',';
            writeJson(tree, n.items[i], out);
        }
        *out += "]}";
    };
    switch (n.type) {
    case PickleType::None: *out += "{\"type\":\"none\"}"; return;
    case PickleType::Bool: *out += n.boolValue ? "{\"type\":\"bool\",\"value\":true}" : "{\"type\":\"bool\",\"value\":false}"; return;
    case PickleType::Int: *out += "{\"type\":\"int\",\"value\":" + n.intText + '}'; return;
    case PickleType::Float: *out += "{\"type\":\"float\",\"value\":" + jsonDouble(n.real) + '}'; return;
    case PickleType::Complex:
        *out += "{\"type\":\"complex\",\"value\":[" + jsonDouble(n.real) + ',' + jsonDouble(n.imag) + "]}";
        return;
    case PickleType::Str: *out += "{\"type\":\"str\",\"value\":" + jsonString(n.text) + '}'; return;
    case PickleType::Bytes: *out += "{\"type\":\"bytes\",\"hex\":\"" + n.data.toHex() + "\"}"; return;
    case PickleType::ByteArray: *out += "{\"type\":\"bytearray\",\"hex\":\"" + n.data.toHex() + "\"}"; return;
    case PickleType::List: items("list"); return;
    case PickleType::Tuple: items("tuple"); return;
    case PickleType::Set: items("set"); return;
    case PickleType::FrozenSet: items("frozenset"); return;
    case PickleType::Instance:
    case PickleType::Dict:
        if (n.type == PickleType::Instance)
            *out += "{\"type\":\"instance\",\"class\":" + jsonString(n.text) + ",\"items\":[";
        else
            *out += "{\"type\":\"dict\",\"items\":[";
        for (size_t i = 0; i + 1 < n.items.size(); i += 2) {
            *out += i ? ",{\"key\":" : "{\"key\":";
            writeJson(tree, n.items[i], out);
            *out += ",\"value\":";
            writeJson(tree, n.items[i + 1], out);
            *out += '}';
        }
        *out += "]}";
        return;
    case PickleType::NdArray:
        *out += "{\"type\":\"ndarray\",\"dtype\":" + jsonString(dtypeStr(n.dtype)) + ",\"shape\":" + shapeJson(n.shape);
        if (n.dtype.kind == Kind::Object) {
            *out += ",\"items\":[";
            for (size_t i = 0; i < n.items.size(); ++i) {
                if (i)
                    *out += ',';
                writeJson(tree, n.items[i], out);
            }
            *out += ']';
        }
        *out += '}';
        return;
    case PickleType::Scalar: {
        *out += "{\"type\":\"scalar\",\"dtype\":" + jsonString(dtypeStr(n.dtype));
        if (n.dtype.kind == Kind::Bytes || n.dtype.kind == Kind::Void || n.dtype.kind == Kind::Struct)
            *out += ",\"hex\":\"" + n.data.toHex() + "\"}";
        else
            *out += ",\"value\":" + pickleScalarJson(n.dtype, n.data) + '}';
        return;
    }
    case PickleType::DType: *out += "{\"type\":\"dtype\",\"dtype\":" + jsonString(dtypeStr(n.dtype)) + '}'; return;
    case PickleType::Global:
        *out += "{\"type\":\"global\",\"module\":" + jsonString(n.text) + ",\"name\":" + jsonString(n.name) + '}';
        return;
    }
}

/** The bytes of one element in native order. */
QByteArray nativeBytes(const DType &type, const QByteArray &data, qint64 offset, qint64 size)
{
    QByteArray b = data.mid(offset, size);
    if (type.needsSwap())
        std::reverse(b.begin(), b.end());
    return b;
}

} // namespace

Result<PickleTree> PickleMachine::run()
{
    bool stopped = false;
    while (!stopped) {
        if (!step(&stopped))
            return Result<PickleTree>::failure(mError.isEmpty() ? PickleTr::tr("unreadable pickle") : mError);
    }
    mTree.mRoot = mStack.back();
    Checker check(mTree.mNodes, mState, mLimits, mSize);
    if (!check.visit(mTree.mRoot, 1))
        return Result<PickleTree>::failure(check.error);
    mTree.mExpanded = check.count(mTree.mRoot);
    return std::move(mTree);
}

Result<PickleTree> readPickle(const char *data, qint64 size, const PickleLimits &limits)
{
    PickleMachine machine(data, size, limits);
    return machine.run();
}

Result<PickleTree> readPickledMember(const Source &source, int index, const PickleLimits &limits)
{
    using R = Result<PickleTree>;
    if (index < 0 || index >= source.members().size())
        return R::failure(PickleTr::tr("%1: no member %2").arg(source.path()).arg(index));
    const MemberInfo &m = source.members()[index];
    const QString where = source.format() == FileFormat::Npy
                              ? source.path()
                              : PickleTr::tr("%1: member '%2'").arg(source.path(), m.archiveName);
    if (!m.isArray || !m.header.isPickled())
        return R::failure(PickleTr::tr("%1: not a pickled object array").arg(where));
    Result<QByteArray> raw = source.readRaw(index);
    if (!raw)
        return R::failure(raw.error());
    if (raw->size() < m.header.dataOffset)
        return R::failure(PickleTr::tr("%1: truncated before the pickle").arg(where));
    R tree = readPickle(raw->constData() + m.header.dataOffset, raw->size() - m.header.dataOffset, limits);
    if (!tree)
        return R::failure(PickleTr::tr("%1: %2").arg(where, tree.error()));
    return tree;
}

QString dtypeStr(const DType &type)
{
    if (type.kind == Kind::Struct)
        return QStringLiteral("|V%1").arg(type.itemSize);
    if (type.kind == Kind::Object)
        return QStringLiteral("|O");
    return type.typeString();
}

QByteArray pickleJson(const PickleTree &tree, qint32 id)
{
    QByteArray out;
    writeJson(tree, id, &out);
    return out;
}

QByteArray pickleScalarJson(const DType &type, const QByteArray &data)
{
    const auto *p = reinterpret_cast<const uchar *>(data.constData());
    switch (type.kind) {
    case Kind::Bool:
        return data.size() > 0 && data[0] ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case Kind::Int:
    case Kind::UInt:
    case Kind::DateTime:
    case Kind::TimeDelta: {
        const QByteArray b = nativeBytes(type, data, 0, type.itemSize);
        if (b.size() != type.itemSize || type.itemSize > 8)
            return QByteArrayLiteral("null");
        if (type.kind == Kind::UInt) {
            quint64 v = 0;
            std::memcpy(&v, b.constData(), size_t(b.size()));
            return QByteArray::number(v);
        }
        qint64 v = 0;
        std::memcpy(&v, b.constData(), size_t(b.size()));
        const int shift = int(64 - 8 * b.size());
        v = shift ? qint64(quint64(v) << shift) >> shift : v;
        return QByteArray::number(v);
    }
    case Kind::Float:
        return jsonDouble(valueToDouble(type, p));
    case Kind::Complex: {
        DType half = type;
        half.kind = Kind::Float;
        half.itemSize = type.itemSize / 2;
        return '[' + jsonDouble(valueToDouble(half, p)) + ',' + jsonDouble(valueToDouble(half, p + half.itemSize)) + ']';
    }
    case Kind::Unicode: {
        QString s;
        for (qint64 i = 0; i + 4 <= data.size(); i += 4) {
            const QByteArray b = nativeBytes(type, data, i, 4);
            char32_t c = 0;
            std::memcpy(&c, b.constData(), 4);
            if (c > 0x10FFFF)
                c = 0xFFFD;
            s += QString::fromUcs4(&c, 1);
        }
        while (s.endsWith(QChar(0)))
            s.chop(1);
        return jsonString(s);
    }
    default:
        return '"' + data.toHex() + '"';
    }
}

Result<NpyArray> pickleNodeArray(const PickleTree &tree, qint32 id)
{
    const PickleNode &n = tree.node(id);
    if (n.type != PickleType::NdArray || n.dtype.kind == Kind::Object)
        return Result<NpyArray>::failure(PickleTr::tr("not an array of plain values"));
    NpyHeader h;
    h.dtype = n.dtype;
    h.shape = n.shape;
    h.fortranOrder = n.fortranOrder;
    if (!arraySize(h.shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes) || h.dataBytes != n.data.size())
        return Result<NpyArray>::failure(PickleTr::tr("inconsistent array"));
    return NpyArray(std::move(h), n.data);
}

namespace {

void collectArrays(const PickleTree &tree, qint32 id, QStringList &path, QList<PickleArray> *out)
{
    const PickleNode &n = tree.node(id);
    auto step = [&](const QString &s, qint32 child) {
        path.append(s);
        collectArrays(tree, child, path, out);
        path.removeLast();
    };
    switch (n.type) {
    case PickleType::NdArray:
        if (n.dtype.kind != Kind::Object) {
            out->append(PickleArray{path, id});
        } else if (n.shape.isEmpty()) {
            for (qint32 child : n.items)
                collectArrays(tree, child, path, out);
        } else {
            for (size_t i = 0; i < n.items.size(); ++i)
                step(QString::number(i), n.items[i]);
        }
        return;
    case PickleType::Instance:
    case PickleType::Dict:
        for (size_t i = 0; i + 1 < n.items.size(); i += 2) {
            const PickleNode &key = tree.node(n.items[i]);
            step(key.type == PickleType::Str ? key.text : QString::number(i / 2), n.items[i + 1]);
        }
        return;
    case PickleType::List:
    case PickleType::Tuple:
    case PickleType::Set:
    case PickleType::FrozenSet:
        for (size_t i = 0; i < n.items.size(); ++i)
            step(QString::number(i), n.items[i]);
        return;
    default:
        return;
    }
}

void writeRepr(const PickleTree &tree, qint32 id, int maxChars, QString *out)
{
    if (out->size() > maxChars)
        return;
    const PickleNode &n = tree.node(id);
    auto seq = [&](const char *open, const char *close, bool dict) {
        *out += QLatin1String(open);
        const size_t stepBy = dict ? 2 : 1;
        for (size_t i = 0; i < n.items.size() && out->size() <= maxChars; i += stepBy) {
            if (i)
                *out += QLatin1String(", ");
            writeRepr(tree, n.items[i], maxChars, out);
            if (dict && i + 1 < n.items.size()) {
                *out += QLatin1String(": ");
                writeRepr(tree, n.items[i + 1], maxChars, out);
            }
        }
        if (n.type == PickleType::Tuple && n.items.size() == 1)
            *out += QLatin1Char(',');
        *out += QLatin1String(close);
    };
    switch (n.type) {
    case PickleType::None: *out += QLatin1String("None"); return;
    case PickleType::Bool: *out += n.boolValue ? QLatin1String("True") : QLatin1String("False"); return;
    case PickleType::Int: *out += QString::fromLatin1(n.intText.left(maxChars)); return;
    case PickleType::Float: *out += QString::fromLatin1(jsonDouble(n.real)); return;
    case PickleType::Complex:
        *out += QStringLiteral("(%1%2%3j)").arg(QString::fromLatin1(jsonDouble(n.real)),
                                                n.imag < 0 || std::signbit(n.imag) ? QString() : QStringLiteral("+"),
                                                QString::fromLatin1(jsonDouble(n.imag)));
        return;
    case PickleType::Str: *out += pyRepr(n.text.left(maxChars)); return;
    case PickleType::Bytes:
    case PickleType::ByteArray: {
        QString b = QStringLiteral("b'");
        for (char c : n.data.left(maxChars))
            b += (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') ? QString(QLatin1Char(c))
                                                                   : QStringLiteral("\\x%1").arg(uchar(c), 2, 16, QLatin1Char('0'));
        b += QLatin1Char('\'');
        *out += n.type == PickleType::ByteArray ? QStringLiteral("bytearray(%1)").arg(b) : b;
        return;
    }
    case PickleType::List: seq("[", "]", false); return;
    case PickleType::Tuple: seq("(", ")", false); return;
    case PickleType::Set: seq("{", "}", false); return;
    case PickleType::FrozenSet: seq("frozenset({", "})", false); return;
    case PickleType::Dict: seq("{", "}", true); return;
    case PickleType::Instance:
        *out += n.text.section(QLatin1Char('.'), -1) + QLatin1Char('(');
        seq("{", "}", true);
        *out += QLatin1Char(')');
        return;
    case PickleType::NdArray:
        *out += QStringLiteral("array(shape=%1, dtype=%2)").arg(pyTupleRepr(n.shape), n.dtype.displayName());
        return;
    case PickleType::Scalar:
        *out += formatValue(n.dtype, reinterpret_cast<const uchar *>(n.data.constData()));
        return;
    case PickleType::DType: *out += QStringLiteral("dtype('%1')").arg(dtypeStr(n.dtype)); return;
    case PickleType::Global:
        // As Python shows them: the two constants by name, a class as <class 'range'>.
        if (n.name == QLatin1String("Ellipsis") || n.name == QLatin1String("NotImplemented"))
            *out += n.name;
        else
            *out += QStringLiteral("<class '%1'>").arg(n.name);
        return;
    }
}

} // namespace

QList<PickleArray> pickleArrays(const PickleTree &tree)
{
    QList<PickleArray> out;
    QStringList path;
    if (tree.root() >= 0)
        collectArrays(tree, tree.root(), path, &out);
    return out;
}

QString pickleRepr(const PickleTree &tree, qint32 id, int maxChars)
{
    QString out;
    writeRepr(tree, id, maxChars, &out);
    if (out.size() > maxChars)
        out = out.left(maxChars) + QStringLiteral("…");
    return out;
}

} // namespace npy
