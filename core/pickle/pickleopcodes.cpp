// The pickle opcode machine's helpers: stack, marks, memo, numbers and strings. The dispatch over the
// opcodes is in picklestep.cpp. Nothing is executed: the only "calls" are picklenumpy.cpp's allow-list.

#include "pickle_p.h"

#include <QStringDecoder>

#include <algorithm>

#include <cstring>

namespace npy {

bool pickleDecimal(const QByteArray &text, QByteArray *normalized)
{
    qsizetype i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+'))
        negative = text[i++] == '-';
    if (i >= text.size())
        return false;
    for (qsizetype k = i; k < text.size(); ++k)
        if (text[k] < '0' || text[k] > '9')
            return false;
    while (i + 1 < text.size() && text[i] == '0')
        ++i;
    QByteArray digits = text.mid(i);
    *normalized = (negative && digits != "0") ? QByteArray("-") + digits : digits;
    return true;
}

qint32 PickleMachine::newNode(PickleType type)
{
    if (qint64(mTree.mNodes.size()) >= mLimits.maxNodes) {
        fail(PickleTr::tr("more than %1 values (limit)").arg(mLimits.maxNodes));
        return -1;
    }
    PickleNode n;
    n.type = type;
    n.offset = mOpcodeAt;
    mTree.mNodes.push_back(std::move(n));
    mState.push_back(PickleState::Done);
    return qint32(mTree.mNodes.size() - 1);
}

bool PickleMachine::charge(qint64 units)
{
    mWork += std::max<qint64>(units, 0);
    if (mWork > mLimits.maxWork)
        return fail(PickleTr::tr("more than %1 values and bytes copied while reading (limit)").arg(mLimits.maxWork));
    return true;
}

bool PickleMachine::fail(const QString &why)
{
    return failAt(mOpcodeAt, why);
}

bool PickleMachine::failAt(qint64 offset, const QString &why)
{
    if (mError.isEmpty())
        mError = PickleTr::tr("%1 (at byte %2 of the pickle)").arg(why).arg(offset);
    return false;
}

bool PickleMachine::need(qint64 n)
{
    if (n < 0 || n > mSize - mPos)
        return failAt(mPos, PickleTr::tr("truncated: %1 bytes needed, %2 left").arg(n).arg(mSize - mPos));
    return true;
}

bool PickleMachine::readLine(QByteArray *line)
{
    const void *nl = std::memchr(mData + mPos, '\n', size_t(mSize - mPos));
    if (!nl)
        return failAt(mPos, PickleTr::tr("truncated: a line without its end"));
    const qint64 end = static_cast<const uchar *>(nl) - mData;
    *line = QByteArray(reinterpret_cast<const char *>(mData + mPos), qsizetype(end - mPos));
    if (line->endsWith('\r'))
        line->chop(1);
    mPos = end + 1;
    return true;
}

quint64 PickleMachine::readUInt(int bytes)
{
    quint64 v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | mData[mPos + i];
    mPos += bytes;
    return v;
}

bool PickleMachine::push(qint32 id)
{
    if (id < 0)
        return false;
    mStack.push_back(id);
    return true;
}

qint32 PickleMachine::pop()
{
    const size_t floor = mMarks.empty() ? 0 : mMarks.back();
    if (mStack.size() <= floor) {
        fail(PickleTr::tr("the stack is empty"));
        return -1;
    }
    const qint32 id = mStack.back();
    mStack.pop_back();
    return id;
}

bool PickleMachine::popMark(size_t *from)
{
    if (mMarks.empty())
        return fail(PickleTr::tr("no MARK on the stack"));
    *from = mMarks.back();
    mMarks.pop_back();
    return true;
}

bool PickleMachine::makeSequence(PickleType type, size_t from)
{
    const qint32 id = newNode(type);
    if (id < 0)
        return false;
    node(id).items.assign(mStack.begin() + qptrdiff(from), mStack.end());
    mStack.resize(from);
    return push(id);
}

bool PickleMachine::appendTo(qint32 list, size_t from)
{
    if (node(list).type != PickleType::List || mState[size_t(list)] != PickleState::Done)
        return fail(PickleTr::tr("APPEND to a %1").arg(typeName(list)));
    auto &items = node(list).items;
    items.insert(items.end(), mStack.begin() + qptrdiff(from), mStack.end());
    mStack.resize(from);
    return true;
}

QByteArray PickleMachine::keySignature(qint32 key)
{
    const PickleNode &k = node(key);
    switch (k.type) {
    case PickleType::None:
        return QByteArrayLiteral("n");
    case PickleType::Bool:
        return k.boolValue ? QByteArrayLiteral("i1") : QByteArrayLiteral("i0");
    case PickleType::Int:
        return QByteArrayLiteral("i") + k.intText;
    case PickleType::Float:
        if (k.real == std::floor(k.real) && std::abs(k.real) < 9e15)
            return QByteArrayLiteral("i") + QByteArray::number(qint64(k.real));
        return QByteArrayLiteral("f") + QByteArray::number(k.real, 'g', 17);
    case PickleType::Str:
        return QByteArrayLiteral("s") + k.text.toUtf8();
    case PickleType::Bytes:
        return QByteArrayLiteral("b") + k.data;
    case PickleType::Global:
        return QByteArrayLiteral("g") + k.text.toUtf8() + '.' + k.name.toUtf8();
    default:
        return QByteArray(); // compared by identity only
    }
}

bool PickleMachine::setItems(qint32 dict, size_t from)
{
    if (node(dict).type != PickleType::Dict)
        return fail(PickleTr::tr("SETITEM on a %1").arg(typeName(dict)));
    if ((mStack.size() - from) % 2 != 0)
        return fail(PickleTr::tr("SETITEMS with an odd number of values"));
    QHash<QByteArray, qint32> &keys = mDictKeys[dict];
    for (size_t i = from; i < mStack.size(); i += 2) {
        // Hashing the key is transient work: a sixteenth of a unit a byte (a shared 1 MiB key set
        // 100000 times still stops here, a dict of a million 100-character keys does not).
        if (!charge(1 + (node(mStack[i]).text.size() + node(mStack[i]).data.size()) / 16))
            return false;
        const QByteArray sig = keySignature(mStack[i]);
        auto &items = node(dict).items;
        if (!sig.isEmpty()) {
            auto it = keys.constFind(sig);
            if (it != keys.constEnd()) {
                items[size_t(it.value()) + 1] = mStack[i + 1];
                continue;
            }
            keys.insert(sig, qint32(items.size()));
        }
        items.push_back(mStack[i]);
        items.push_back(mStack[i + 1]);
    }
    mStack.resize(from);
    return true;
}

bool PickleMachine::addItems(qint32 set, size_t from)
{
    if (node(set).type != PickleType::Set)
        return fail(PickleTr::tr("ADDITEMS on a %1").arg(typeName(set)));
    auto &items = node(set).items;
    items.insert(items.end(), mStack.begin() + qptrdiff(from), mStack.end());
    mStack.resize(from);
    return true;
}

bool PickleMachine::putMemo(qint64 index)
{
    if (mStack.empty() || (!mMarks.empty() && mStack.size() <= mMarks.back()))
        return fail(PickleTr::tr("PUT with an empty stack"));
    if (index < 0)
        return fail(PickleTr::tr("negative memo index"));
    if (!mMemo.contains(index) && mMemo.size() >= mLimits.maxMemo)
        return fail(PickleTr::tr("more than %1 memo entries (limit)").arg(mLimits.maxMemo));
    mMemo.insert(index, mStack.back());
    return true;
}

bool PickleMachine::getMemo(qint64 index)
{
    auto it = mMemo.constFind(index);
    if (it == mMemo.constEnd())
        return fail(PickleTr::tr("memo entry %1 was never stored").arg(index));
    return push(it.value());
}

bool PickleMachine::pushInt(const QByteArray &decimal)
{
    QByteArray digits;
    if (!pickleDecimal(decimal, &digits))
        return fail(PickleTr::tr("malformed integer '%1'").arg(QString::fromLatin1(decimal.left(40))));
    if (digits.size() > mLimits.maxIntDigits)
        return fail(PickleTr::tr("an integer of %1 digits (limit %2)").arg(digits.size()).arg(mLimits.maxIntDigits));
    const qint32 id = newNode(PickleType::Int);
    if (id < 0)
        return false;
    node(id).intText = digits;
    return push(id);
}

/** LONG1/LONG4: \a n bytes of little-endian two's complement, converted to decimal. */
bool PickleMachine::pushLongBytes(qint64 n)
{
    if (n < 0)
        return fail(PickleTr::tr("negative length %1").arg(n));
    if (!need(n))
        return false;
    // 10^maxIntDigits needs about 0.416 * digits bytes.
    if (n > qint64(mLimits.maxIntDigits) * 416 / 1000 + 1)
        return fail(PickleTr::tr("an integer of %1 bytes (limit %2 digits)").arg(n).arg(mLimits.maxIntDigits));
    std::vector<quint32> limbs(size_t((n + 3) / 4), 0);
    const bool negative = n > 0 && (mData[mPos + n - 1] & 0x80);
    for (qint64 i = 0; i < n; ++i)
        limbs[size_t(i / 4)] |= quint32(mData[mPos + i]) << (8 * (i % 4));
    if (negative) {
        if (n % 4)
            limbs.back() |= ~quint32(0) << (8 * (n % 4));
        quint64 carry = 1; // magnitude = ~x + 1
        for (quint32 &l : limbs) {
            const quint64 v = quint64(~l) + carry;
            l = quint32(v);
            carry = v >> 32;
        }
    }
    mPos += n;
    QByteArray digits;
    while (!limbs.empty()) {
        quint64 rem = 0;
        for (size_t i = limbs.size(); i-- > 0;) {
            const quint64 cur = (rem << 32) | limbs[i];
            limbs[i] = quint32(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        while (!limbs.empty() && limbs.back() == 0)
            limbs.pop_back();
        QByteArray chunk = QByteArray::number(rem);
        if (!limbs.empty())
            chunk = QByteArray(9 - chunk.size(), '0') + chunk;
        digits.prepend(chunk);
    }
    if (digits.isEmpty())
        digits = "0";
    return pushInt(negative ? QByteArray("-") + digits : digits);
}

bool PickleMachine::pushString(const QByteArray &bytes, bool python2)
{
    // A Python 2 str is bytes; NumPy's default encoding='ASCII' makes text of it when it can, and
    // encoding='bytes' keeps it bytes (its default fails on bytes over 127): text if ASCII, else bytes.
    const bool ascii = python2 && std::all_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) < 0x80; });
    const qint32 id = newNode(python2 && !ascii ? PickleType::Bytes : PickleType::Str);
    if (id < 0)
        return false;
    if (ascii) {
        node(id).text = QString::fromLatin1(bytes);
    } else if (python2) {
        node(id).data = bytes;
    } else {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        node(id).text = decoder.decode(bytes);
        if (decoder.hasError())
            return fail(PickleTr::tr("a str that is not valid UTF-8"));
    }
    return push(id);
}

bool PickleMachine::pushBytes(qint64 n, PickleType type)
{
    if (n < 0)
        return fail(PickleTr::tr("negative length %1").arg(n));
    if (n > mSize - mPos)
        return fail(PickleTr::tr("a length of %1 bytes where only %2 remain").arg(n).arg(mSize - mPos));
    const QByteArray bytes(reinterpret_cast<const char *>(mData + mPos), qsizetype(n));
    mPos += n;
    if (type == PickleType::Str)
        return pushString(bytes, false);
    const qint32 id = newNode(type);
    if (id < 0)
        return false;
    node(id).data = bytes;
    return push(id);
}

/** STRING: a Python 2 str repr ('...' or "..." with backslash escapes), as pushString() takes a Python 2 str. */
bool PickleMachine::pushQuotedString(const QByteArray &line)
{
    if (line.size() < 2 || (line[0] != '\'' && line[0] != '"') || line.back() != line[0])
        return fail(PickleTr::tr("the STRING opcode argument must be quoted"));
    const QByteArray in = line.mid(1, line.size() - 2);
    QByteArray out;
    for (qsizetype i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c != '\\' || i + 1 >= in.size()) {
            out += c;
            continue;
        }
        c = in[++i];
        auto hex = [](char h) {
            return h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        };
        switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case '\n': break;
        case 'x':
            if (i + 2 >= in.size() || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0)
                return fail(PickleTr::tr("a bad \\x escape in a STRING"));
            out += char(hex(in[i + 1]) * 16 + hex(in[i + 2]));
            i += 2;
            break;
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                for (int k = 0; k < 2 && i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '7'; ++k)
                    v = v * 8 + (in[++i] - '0');
                out += char(v & 0xff);
            } else if (c == '\\' || c == '\'' || c == '"') {
                out += c;
            } else {
                out += '\\';
                out += c;
            }
        }
    }
    return pushString(out, true);
}

/** UNICODE: raw-unicode-escape, only \uXXXX and \UXXXXXXXX are escapes, other bytes latin-1. */
bool PickleMachine::pushRawUnicodeEscape(const QByteArray &line)
{
    QString out;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\\' && i + 1 < line.size() && (line[i + 1] == 'u' || line[i + 1] == 'U')) {
            const int digits = line[i + 1] == 'u' ? 4 : 8;
            if (i + 1 + digits >= line.size())
                return fail(PickleTr::tr("a truncated \\u escape in a UNICODE"));
            bool ok = false;
            const uint code = line.mid(i + 2, digits).toUInt(&ok, 16);
            if (!ok || code > 0x10FFFF)
                return fail(PickleTr::tr("a bad \\u escape in a UNICODE"));
            const char32_t cp = code;
            out += QString::fromUcs4(&cp, 1);
            i += 1 + digits;
        } else {
            out += QLatin1Char(c);
        }
    }
    const qint32 id = newNode(PickleType::Str);
    if (id < 0)
        return false;
    node(id).text = out;
    return push(id);
}

bool PickleMachine::stackGlobal()
{
    const qint32 name = pop();
    const qint32 module = name < 0 ? -1 : pop();
    if (module < 0)
        return false;
    if (node(name).type != PickleType::Str || node(module).type != PickleType::Str)
        return fail(PickleTr::tr("STACK_GLOBAL needs two str"));
    qint32 g = -1;
    return global(node(module).text, node(name).text, &g) && push(g);
}

bool PickleMachine::textGlobal(bool inst)
{
    QByteArray module, name;
    if (!readLine(&module) || !readLine(&name))
        return false;
    qint32 g = -1;
    if (!global(QString::fromLatin1(module), QString::fromLatin1(name), &g))
        return false;
    if (!inst)
        return push(g);
    size_t from = 0;
    if (!popMark(&from))
        return false;
    const qint32 args = newNode(PickleType::Tuple);
    if (args < 0)
        return false;
    node(args).items.assign(mStack.begin() + qptrdiff(from), mStack.end());
    mStack.resize(from);
    qint32 result = -1;
    return call(g, args, &result) && push(result);
}

} // namespace npy
