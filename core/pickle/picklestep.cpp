// The opcode dispatch of the pickle machine: one case per opcode of protocols 0-5 (see
// pickleopcodes.cpp for the stack, memo and string helpers it uses).

#include "pickle_p.h"

#include <cstring>

namespace npy {

bool PickleMachine::step(bool *stopped)
{
    mOpcodeAt = mPos;
    if (!need(1))
        return false;
    const uchar op = mData[mPos++];
    QByteArray line;
    size_t from = 0;
    switch (op) {
    case '(': // MARK
        mMarks.push_back(mStack.size());
        return true;
    case '.': { // STOP
        if (mStack.size() != 1 || !mMarks.empty())
            return fail(PickleTr::tr("STOP with %1 values and %2 marks on the stack").arg(mStack.size()).arg(mMarks.size()));
        *stopped = true;
        return true;
    }
    case '0': // POP
        if (!mMarks.empty() && mStack.size() == mMarks.back()) {
            mMarks.pop_back();
            return true;
        }
        return pop() >= 0;
    case '1': // POP_MARK
        if (!popMark(&from))
            return false;
        mStack.resize(from);
        return true;
    case '2': { // DUP
        const qint32 top = pop();
        return top >= 0 && push(top) && push(top);
    }
    case 'F': { // FLOAT
        if (!readLine(&line))
            return false;
        bool ok = false;
        const double v = line.trimmed().toDouble(&ok);
        if (!ok)
            return fail(PickleTr::tr("malformed float '%1'").arg(QString::fromLatin1(line.left(40))));
        const qint32 id = newNode(PickleType::Float);
        if (id < 0)
            return false;
        node(id).real = v;
        return push(id);
    }
    case 'I': // INT
        if (!readLine(&line))
            return false;
        if (line == "00" || line == "01") {
            const qint32 id = newNode(PickleType::Bool);
            if (id < 0)
                return false;
            node(id).boolValue = line == "01";
            return push(id);
        }
        return pushInt(line);
    case 'L': // LONG
        if (!readLine(&line))
            return false;
        if (line.endsWith('L'))
            line.chop(1);
        return pushInt(line);
    case 'J': // BININT
        if (!need(4))
            return false;
        return pushInt(QByteArray::number(qint32(quint32(readUInt(4)))));
    case 'K': // BININT1
        if (!need(1))
            return false;
        return pushInt(QByteArray::number(readUInt(1)));
    case 'M': // BININT2
        if (!need(2))
            return false;
        return pushInt(QByteArray::number(readUInt(2)));
    case 0x8a: // LONG1
        if (!need(1))
            return false;
        return pushLongBytes(qint64(readUInt(1)));
    case 0x8b: // LONG4
        if (!need(4))
            return false;
        return pushLongBytes(qint32(quint32(readUInt(4))));
    case 'N': // NONE
        return push(newNode(PickleType::None));
    case 0x88: // NEWTRUE
    case 0x89: { // NEWFALSE
        const qint32 id = newNode(PickleType::Bool);
        if (id >= 0)
            node(id).boolValue = op == 0x88;
        return push(id);
    }
    case 'G': { // BINFLOAT, big-endian
        if (!need(8))
            return false;
        quint64 bits = 0;
        for (int i = 0; i < 8; ++i)
            bits = (bits << 8) | mData[mPos++];
        double v;
        std::memcpy(&v, &bits, 8);
        const qint32 id = newNode(PickleType::Float);
        if (id >= 0)
            node(id).real = v;
        return push(id);
    }
    case 'S': // STRING
        return readLine(&line) && pushQuotedString(line.trimmed());
    case 'T': // BINSTRING
        if (!need(4))
            return false;
        {
            const qint64 n = qint32(quint32(readUInt(4)));
            if (n < 0)
                return fail(PickleTr::tr("negative length %1").arg(n));
            if (!need(n))
                return fail(PickleTr::tr("a length of %1 bytes where only %2 remain").arg(n).arg(mSize - mPos));
            const QByteArray b(reinterpret_cast<const char *>(mData + mPos), qsizetype(n));
            mPos += n;
            return pushString(b, true);
        }
    case 'U': { // SHORT_BINSTRING
        if (!need(1))
            return false;
        const qint64 n = qint64(readUInt(1));
        if (n > mSize - mPos)
            return fail(PickleTr::tr("a length of %1 bytes where only %2 remain").arg(n).arg(mSize - mPos));
        const QByteArray b(reinterpret_cast<const char *>(mData + mPos), qsizetype(n));
        mPos += n;
        return pushString(b, true);
    }
    case 'V': // UNICODE
        return readLine(&line) && pushRawUnicodeEscape(line);
    case 'X': // BINUNICODE
        return need(4) && pushBytes(qint64(readUInt(4)), PickleType::Str);
    case 0x8c: // SHORT_BINUNICODE
        return need(1) && pushBytes(qint64(readUInt(1)), PickleType::Str);
    case 0x8d: { // BINUNICODE8
        if (!need(8))
            return false;
        const quint64 n = readUInt(8);
        return pushBytes(n > quint64(mSize) ? -1 : qint64(n), PickleType::Str);
    }
    case 'B': // BINBYTES
        return need(4) && pushBytes(qint64(readUInt(4)), PickleType::Bytes);
    case 'C': // SHORT_BINBYTES
        return need(1) && pushBytes(qint64(readUInt(1)), PickleType::Bytes);
    case 0x8e: // BINBYTES8
    case 0x96: { // BYTEARRAY8
        if (!need(8))
            return false;
        const quint64 n = readUInt(8);
        if (n > quint64(mSize - mPos))
            return fail(PickleTr::tr("a length of %1 bytes where only %2 remain").arg(n).arg(mSize - mPos));
        return pushBytes(qint64(n), op == 0x8e ? PickleType::Bytes : PickleType::ByteArray);
    }
    case 0x97: // NEXT_BUFFER
        return fail(PickleTr::tr("an out-of-band buffer (NEXT_BUFFER) that the file does not hold"));
    case 0x98: // READONLY_BUFFER
        return !mStack.empty() || fail(PickleTr::tr("the stack is empty"));
    case ')': // EMPTY_TUPLE
        return makeSequence(PickleType::Tuple, mStack.size());
    case 0x85: // TUPLE1
    case 0x86: // TUPLE2
    case 0x87: { // TUPLE3
        const size_t n = size_t(op - 0x84);
        const size_t floor = mMarks.empty() ? 0 : mMarks.back();
        if (mStack.size() < floor + n)
            return fail(PickleTr::tr("the stack is empty"));
        return makeSequence(PickleType::Tuple, mStack.size() - n);
    }
    case 't': // TUPLE
        return popMark(&from) && makeSequence(PickleType::Tuple, from);
    case ']': // EMPTY_LIST
        return makeSequence(PickleType::List, mStack.size());
    case 'l': // LIST
        return popMark(&from) && makeSequence(PickleType::List, from);
    case '}': // EMPTY_DICT
        return push(newNode(PickleType::Dict));
    case 'd': { // DICT
        if (!popMark(&from))
            return false;
        const qint32 id = newNode(PickleType::Dict);
        if (id < 0 || !setItems(id, from))
            return false;
        return push(id);
    }
    case 0x8f: // EMPTY_SET
        return push(newNode(PickleType::Set));
    case 0x91: // FROZENSET
        return popMark(&from) && makeSequence(PickleType::FrozenSet, from);
    case 'a': { // APPEND
        const size_t floor = mMarks.empty() ? 0 : mMarks.back();
        if (mStack.size() < floor + 2)
            return fail(PickleTr::tr("APPEND with too few values on the stack"));
        return appendTo(mStack[mStack.size() - 2], mStack.size() - 1);
    }
    case 'e': // APPENDS
        if (!popMark(&from))
            return false;
        if (from == 0)
            return fail(PickleTr::tr("APPENDS without a list"));
        return appendTo(mStack[from - 1], from);
    case 's': { // SETITEM
        const size_t floor = mMarks.empty() ? 0 : mMarks.back();
        if (mStack.size() < floor + 3)
            return fail(PickleTr::tr("SETITEM with too few values on the stack"));
        return setItems(mStack[mStack.size() - 3], mStack.size() - 2);
    }
    case 'u': // SETITEMS
        if (!popMark(&from))
            return false;
        if (from == 0)
            return fail(PickleTr::tr("SETITEMS without a dict"));
        return setItems(mStack[from - 1], from);
    case 0x90: // ADDITEMS
        if (!popMark(&from))
            return false;
        if (from == 0)
            return fail(PickleTr::tr("ADDITEMS without a set"));
        return addItems(mStack[from - 1], from);
    case 'p': { // PUT
        if (!readLine(&line))
            return false;
        bool ok = false;
        const qint64 index = line.toLongLong(&ok);
        return (ok || fail(PickleTr::tr("malformed memo index"))) && putMemo(index);
    }
    case 'q': // BINPUT
        return need(1) && putMemo(qint64(readUInt(1)));
    case 'r': // LONG_BINPUT
        return need(4) && putMemo(qint64(readUInt(4)));
    case 0x94: // MEMOIZE
        return putMemo(mMemo.size());
    case 'g': { // GET
        if (!readLine(&line))
            return false;
        bool ok = false;
        const qint64 index = line.toLongLong(&ok);
        return (ok || fail(PickleTr::tr("malformed memo index"))) && getMemo(index);
    }
    case 'h': // BINGET
        return need(1) && getMemo(qint64(readUInt(1)));
    case 'j': // LONG_BINGET
        return need(4) && getMemo(qint64(readUInt(4)));
    case 'c': // GLOBAL
        return textGlobal(false);
    case 'i': // INST
        return textGlobal(true);
    case 0x93: // STACK_GLOBAL
        return stackGlobal();
    case 'R': // REDUCE
    case 0x81: { // NEWOBJ
        const qint32 args = pop();
        const qint32 callable = args < 0 ? -1 : pop();
        qint32 result = -1;
        return callable >= 0 && call(callable, args, &result) && push(result);
    }
    case 0x92: { // NEWOBJ_EX
        const qint32 kwargs = pop();
        const qint32 args = kwargs < 0 ? -1 : pop();
        const qint32 callable = args < 0 ? -1 : pop();
        if (callable < 0)
            return false;
        if (node(kwargs).type != PickleType::Dict || !node(kwargs).items.empty())
            return fail(PickleTr::tr("NEWOBJ_EX with keyword arguments"));
        qint32 result = -1;
        return call(callable, args, &result) && push(result);
    }
    case 'o': { // OBJ
        if (!popMark(&from))
            return false;
        if (from == mStack.size())
            return fail(PickleTr::tr("OBJ without a class"));
        const qint32 callable = mStack[from];
        const qint32 args = newNode(PickleType::Tuple);
        if (args < 0)
            return false;
        node(args).items.assign(mStack.begin() + qptrdiff(from) + 1, mStack.end());
        mStack.resize(from);
        qint32 result = -1;
        return call(callable, args, &result) && push(result);
    }
    case 'b': { // BUILD
        const qint32 state = pop();
        const qint32 target = state < 0 ? -1 : pop();
        return target >= 0 && build(target, state) && push(target);
    }
    case 0x80: // PROTO
        if (!need(1))
            return false;
        if (mData[mPos] > 5)
            return fail(PickleTr::tr("unsupported pickle protocol %1").arg(mData[mPos]));
        ++mPos;
        return true;
    case 0x95: { // FRAME
        if (!need(8))
            return false;
        const quint64 n = readUInt(8);
        if (n > quint64(mSize - mPos))
            return fail(PickleTr::tr("a frame of %1 bytes where only %2 remain").arg(n).arg(mSize - mPos));
        return true;
    }
    case 'P':
    case 'Q':
        return fail(PickleTr::tr("a persistent id (PERSID), which needs the program that wrote it; not shown"));
    case 0x82:
    case 0x83:
    case 0x84:
        return fail(PickleTr::tr("an extension registry code (EXT), which names a global; not shown"));
    default:
        return fail(PickleTr::tr("unknown opcode 0x%1").arg(op, 2, 16, QLatin1Char('0')));
    }
}

} // namespace npy
