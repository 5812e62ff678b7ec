// The allow-list: the few globals a pickle of NumPy data names, each interpreted as data.
// Nothing here imports or calls anything; every "call" builds a PickleNode from its arguments.

#include "pickle_p.h"

#include "npyheader.h"

namespace npy {

namespace {

struct AllowedGlobal
{
    const char *module;
    const char *name;
    PickleGlobal kind;
};

// Module names as NumPy 1 and 2, Python 3 and Python 2 write them.
const AllowedGlobal kAllowed[] = {
    {"numpy.core.multiarray", "_reconstruct", PickleGlobal::Reconstruct},
    {"numpy._core.multiarray", "_reconstruct", PickleGlobal::Reconstruct},
    {"numpy.core._multiarray_umath", "_reconstruct", PickleGlobal::Reconstruct},
    {"numpy._core._multiarray_umath", "_reconstruct", PickleGlobal::Reconstruct},
    {"numpy.core.multiarray", "scalar", PickleGlobal::Scalar},
    {"numpy._core.multiarray", "scalar", PickleGlobal::Scalar},
    {"numpy.core._multiarray_umath", "scalar", PickleGlobal::Scalar},
    {"numpy._core._multiarray_umath", "scalar", PickleGlobal::Scalar},
    {"numpy.core.numeric", "_frombuffer", PickleGlobal::FromBuffer},
    {"numpy._core.numeric", "_frombuffer", PickleGlobal::FromBuffer},
    {"numpy", "ndarray", PickleGlobal::NdArrayClass},
    {"numpy", "dtype", PickleGlobal::DTypeClass},
    {"builtins", "complex", PickleGlobal::Complex},
    {"__builtin__", "complex", PickleGlobal::Complex},
    {"builtins", "bytes", PickleGlobal::Bytes},
    {"__builtin__", "bytes", PickleGlobal::Bytes},
    {"builtins", "bytearray", PickleGlobal::ByteArray},
    {"__builtin__", "bytearray", PickleGlobal::ByteArray},
    {"builtins", "set", PickleGlobal::Set},
    {"__builtin__", "set", PickleGlobal::Set},
    {"builtins", "frozenset", PickleGlobal::FrozenSet},
    {"__builtin__", "frozenset", PickleGlobal::FrozenSet},
    {"builtins", "object", PickleGlobal::Object},
    {"__builtin__", "object", PickleGlobal::Object},
    {"collections", "OrderedDict", PickleGlobal::OrderedDict},
    {"_codecs", "encode", PickleGlobal::CodecsEncode},
    {"copy_reg", "_reconstructor", PickleGlobal::Reconstructor},
    {"copyreg", "_reconstructor", PickleGlobal::Reconstructor},
};

/** SciPy's sparse classes: allowed as names only (sparseClassNamed()); their objects are never constructed. */
const char *const kSparseFormats[] = {"csr", "csc", "coo", "bsr", "dia"};

/** True for `scipy.sparse._csr.csr_matrix`, `scipy.sparse.csr.csr_matrix` (SciPy < 1.8), `..._arrays.csr_array`... */
bool sparseClassNamed(const QString &module, const QString &name)
{
    for (const char *f : kSparseFormats) {
        const QString format = QLatin1String(f);
        if (name != format + QLatin1String("_matrix") && name != format + QLatin1String("_array"))
            continue;
        return module == QLatin1String("scipy.sparse._") + format || module == QLatin1String("scipy.sparse.") + format
               || module == QLatin1String("scipy.sparse._arrays") || module == QLatin1String("scipy.sparse");
    }
    return false;
}

bool isBytesLike(PickleType t)
{
    return t == PickleType::Bytes || t == PickleType::ByteArray;
}

/** Python 2 builtins under their Python 3 names, as Python 3's unpickler (fix_imports) maps them. */
const char *const kPython2Builtins[][2] = {
    {"xrange", "range"}, {"unicode", "str"}, {"long", "int"}, {"basestring", "str"},
};

/** Builtins that may stand as values: the builtin types and two constants. None of them is ever called. */
const char *const kValueBuiltins[] = {
    "range", "int", "float", "complex", "str", "bytes", "bytearray", "bool", "list", "tuple", "dict", "set",
    "frozenset", "object", "type", "slice", "Ellipsis", "NotImplemented",
};

} // namespace

bool PickleMachine::global(const QString module, const QString name, qint32 *result)
{
    // The name as Python 3 resolves it: what a Global value shows.
    const bool builtin = module == QLatin1String("builtins") || module == QLatin1String("__builtin__");
    QString valueName = name;
    if (module == QLatin1String("__builtin__"))
        for (const auto &m : kPython2Builtins)
            if (name == QLatin1String(m[0]))
                valueName = QLatin1String(m[1]);
    bool value = false;
    if (builtin)
        for (const char *v : kValueBuiltins)
            value = value || valueName == QLatin1String(v);
    const AllowedGlobal *allowed = nullptr;
    for (const AllowedGlobal &g : kAllowed)
        if (module == QLatin1String(g.module) && name == QLatin1String(g.name))
            allowed = &g;
    const bool sparse = !allowed && !value && sparseClassNamed(module, name);
    if (!allowed && !value && !sparse)
        return fail(PickleTr::tr("pickle refers to %1.%2; not shown").arg(module.left(200), name.left(200)));
    const qint32 id = newNode(value ? PickleType::Global : PickleType::None);
    if (id < 0)
        return false;
    mState[size_t(id)] = PickleState::Global;
    mGlobals[id] = sparse    ? PickleGlobal::SparseClass
                   : allowed ? allowed->kind
                   : valueName == QLatin1String("type") ? PickleGlobal::Type
                                                        : PickleGlobal::Value;
    if (value) {
        node(id).text = QStringLiteral("builtins");
        node(id).name = valueName;
    } else {
        node(id).text = module + QLatin1Char('.') + name;
    }
    *result = id;
    return true;
}

QString PickleMachine::typeName(qint32 id)
{
    if (mState[size_t(id)] == PickleState::Global)
        return node(id).type == PickleType::Global ? node(id).text + QLatin1Char('.') + node(id).name : node(id).text;
    switch (node(id).type) {
    case PickleType::None: return QStringLiteral("None");
    case PickleType::Bool: return QStringLiteral("bool");
    case PickleType::Int: return QStringLiteral("int");
    case PickleType::Float: return QStringLiteral("float");
    case PickleType::Complex: return QStringLiteral("complex");
    case PickleType::Str: return QStringLiteral("str");
    case PickleType::Bytes: return QStringLiteral("bytes");
    case PickleType::ByteArray: return QStringLiteral("bytearray");
    case PickleType::List: return QStringLiteral("list");
    case PickleType::Tuple: return QStringLiteral("tuple");
    case PickleType::Dict: return QStringLiteral("dict");
    case PickleType::Set: return QStringLiteral("set");
    case PickleType::FrozenSet: return QStringLiteral("frozenset");
    case PickleType::NdArray: return QStringLiteral("numpy.ndarray");
    case PickleType::Scalar: return QStringLiteral("numpy scalar");
    case PickleType::DType: return QStringLiteral("numpy.dtype");
    case PickleType::Global: return node(id).text + QLatin1Char('.') + node(id).name;
    case PickleType::Instance: return node(id).text;
    }
    return QString();
}

namespace {

/** The bytes a bytes, bytearray or (Python 2) str argument holds; false for anything else. */
bool bytesOf(const PickleNode &n, QByteArray *out)
{
    if (isBytesLike(n.type)) {
        *out = n.data;
        return true;
    }
    if (n.type == PickleType::Str) {
        for (QChar c : n.text)
            if (c.unicode() > 0xff)
                return false;
        *out = n.text.toLatin1();
        return true;
    }
    return false;
}

bool intOf(const PickleNode &n, qint64 *out)
{
    if (n.type == PickleType::Bool) {
        *out = n.boolValue ? 1 : 0;
        return true;
    }
    if (n.type != PickleType::Int)
        return false;
    bool ok = false;
    *out = n.intText.toLongLong(&ok);
    return ok;
}

double doubleOf(const PickleNode &n, bool *ok)
{
    *ok = true;
    if (n.type == PickleType::Float)
        return n.real;
    if (n.type == PickleType::Int || n.type == PickleType::Bool)
        return n.type == PickleType::Bool ? (n.boolValue ? 1 : 0) : n.intText.toDouble(ok);
    *ok = false;
    return 0;
}

} // namespace

bool PickleMachine::call(qint32 callable, qint32 args, qint32 *result)
{
    if (mState[size_t(callable)] != PickleState::Global)
        return fail(PickleTr::tr("a call of a %1, which is not a known constructor").arg(typeName(callable)));
    if (node(args).type != PickleType::Tuple)
        return fail(PickleTr::tr("the arguments of %1 are a %2, not a tuple").arg(typeName(callable), typeName(args)));
    const QString name = typeName(callable);
    if (!charge(1 + qint64(node(args).items.size())))
        return false;
    const std::vector<qint32> a = node(args).items;
    auto bad = [&]() {
        return fail(PickleTr::tr("%1 with arguments it does not take as data").arg(name));
    };
    auto make = [&](PickleType t) {
        *result = newNode(t);
        return *result >= 0;
    };
    switch (mGlobals[callable]) {
    case PickleGlobal::SparseClass:
        // NEWOBJ(cls, ()): an empty object whose state BUILD gives; nothing of the class runs.
        if (!a.empty())
            return bad();
        return makeInstance(callable, result);
    case PickleGlobal::Reconstruct: {
        if (a.size() != 3 || mState[size_t(a[0])] != PickleState::Global
            || mGlobals[a[0]] != PickleGlobal::NdArrayClass)
            return a.empty() ? bad() : fail(PickleTr::tr("%1 of %2, not numpy.ndarray; not shown").arg(name, typeName(a[0])));
        if (!make(PickleType::NdArray))
            return false;
        mState[size_t(*result)] = PickleState::PendingArray;
        return true;
    }
    case PickleGlobal::DTypeClass: {
        QByteArray code;
        if (a.empty() || !charge(node(a[0]).text.size()) || !bytesOf(node(a[0]), &code))
            return bad();
        DType t;
        QString why;
        const QString text = QString::fromLatin1(code);
        if (text == QLatin1String("V") || text.startsWith(QLatin1Char('V'))) {
            bool ok = true;
            t.kind = Kind::Void;
            t.itemSize = text.size() > 1 ? text.mid(1).toLongLong(&ok) : 0;
            if (!ok || t.itemSize < 0)
                return fail(PickleTr::tr("numpy.dtype of '%1'").arg(text.left(40)));
        } else if (!DType::fromTypeString(text, &t, &why)) {
            return fail(PickleTr::tr("numpy.dtype: %1").arg(why));
        }
        if (!make(PickleType::DType))
            return false;
        node(*result).dtype = t;
        return true;
    }
    case PickleGlobal::Scalar: {
        if (a.empty() || a.size() > 2 || node(a[0]).type != PickleType::DType)
            return bad();
        const DType t = node(a[0]).dtype; // a copy: make() below may move the nodes
        if (mSubarrays.count(a[0]))
            return fail(PickleTr::tr("a numpy scalar of a subarray dtype"));
        if (t.kind == Kind::Object) {
            if (a.size() != 2)
                return bad();
            *result = a[1];
            return true;
        }
        QByteArray raw;
        if (a.size() != 2 || !charge(qint64(t.fields.size()) + node(a[1]).text.size()) || !bytesOf(node(a[1]), &raw))
            return mError.isEmpty() ? bad() : false;
        if (raw.size() != t.itemSize)
            return fail(PickleTr::tr("a numpy scalar of %1 bytes for a dtype of %2").arg(raw.size()).arg(t.itemSize));
        if (!make(PickleType::Scalar))
            return false;
        node(*result).dtype = t;
        node(*result).data = raw;
        return true;
    }
    case PickleGlobal::FromBuffer: {
        if (a.size() != 4 || node(a[1]).type != PickleType::DType || node(a[2]).type != PickleType::Tuple
            || node(a[3]).type != PickleType::Str)
            return bad();
        QByteArray raw;
        if (!charge(node(a[0]).text.size()) || !bytesOf(node(a[0]), &raw))
            return mError.isEmpty() ? bad() : false;
        const qint32 arr = newNode(PickleType::NdArray);
        if (arr < 0)
            return false;
        const QString order = node(a[3]).text;
        if (order != QLatin1String("C") && order != QLatin1String("F"))
            return bad();
        *result = arr;
        return setArray(arr, a[2], a[1], order == QLatin1String("F"), a[0], true);
    }
    case PickleGlobal::Complex: {
        bool okRe = true, okIm = true;
        const double re = a.size() >= 1 ? doubleOf(node(a[0]), &okRe) : 0.0;
        const double im = a.size() >= 2 ? doubleOf(node(a[1]), &okIm) : 0.0;
        if (a.size() > 2 || !okRe || !okIm || !make(PickleType::Complex))
            return okRe && okIm && a.size() <= 2 ? false : bad();
        node(*result).real = re;
        node(*result).imag = im;
        return true;
    }
    case PickleGlobal::Bytes:
    case PickleGlobal::ByteArray: {
        const PickleType t = mGlobals[callable] == PickleGlobal::Bytes ? PickleType::Bytes : PickleType::ByteArray;
        QByteArray raw;
        if (a.size() == 1 && isBytesLike(node(a[0]).type)) {
            raw = node(a[0]).data;
        } else if (a.size() == 2 && node(a[0]).type == PickleType::Str && node(a[1]).type == PickleType::Str
                   && (node(a[1]).text == QLatin1String("latin-1") || node(a[1]).text == QLatin1String("latin1"))) {
            if (!charge(node(a[0]).text.size()) || !bytesOf(node(a[0]), &raw))
                return mError.isEmpty() ? bad() : false;
        } else if (!a.empty()) {
            return bad();
        }
        if (!make(t))
            return false;
        node(*result).data = raw;
        return true;
    }
    case PickleGlobal::Set:
    case PickleGlobal::FrozenSet: {
        const PickleType t = mGlobals[callable] == PickleGlobal::Set ? PickleType::Set : PickleType::FrozenSet;
        if (a.size() > 1 || (a.size() == 1 && node(a[0]).type != PickleType::List && node(a[0]).type != PickleType::Tuple))
            return bad();
        if (!make(t) || (a.size() == 1 && !charge(qint64(node(a[0]).items.size()))))
            return false;
        if (a.size() == 1)
            node(*result).items = node(a[0]).items;
        return true;
    }
    case PickleGlobal::OrderedDict: {
        if (!make(PickleType::Dict))
            return false;
        if (a.empty())
            return true;
        if (a.size() != 1 || node(a[0]).type != PickleType::List)
            return bad();
        // OrderedDict([[k, v], ...]) as old Pythons wrote it.
        if (!charge(qint64(node(a[0]).items.size())))
            return false;
        const std::vector<qint32> pairs = node(a[0]).items;
        const size_t base = mStack.size();
        for (qint32 p : pairs) {
            if ((node(p).type != PickleType::List && node(p).type != PickleType::Tuple) || node(p).items.size() != 2) {
                mStack.resize(base);
                return bad();
            }
            mStack.push_back(node(p).items[0]);
            mStack.push_back(node(p).items[1]);
        }
        return setItems(*result, base);
    }
    case PickleGlobal::CodecsEncode: {
        QByteArray raw;
        if (a.size() != 2 || node(a[0]).type != PickleType::Str || node(a[1]).type != PickleType::Str
            || (node(a[1]).text != QLatin1String("latin1") && node(a[1]).text != QLatin1String("latin-1")))
            return bad();
        if (!charge(node(a[0]).text.size()))
            return false;
        if (!bytesOf(node(a[0]), &raw))
            return fail(PickleTr::tr("_codecs.encode of text that is not latin-1"));
        if (!make(PickleType::Bytes))
            return false;
        node(*result).data = raw;
        return true;
    }
    case PickleGlobal::Reconstructor: {
        // copy_reg._reconstructor(cls, object, None): an empty instance of an allow-listed container.
        if (a.size() != 3 || mState[size_t(a[0])] != PickleState::Global || mState[size_t(a[1])] != PickleState::Global
            || mGlobals[a[1]] != PickleGlobal::Object || node(a[2]).type != PickleType::None
            || mState[size_t(a[2])] != PickleState::Done)
            return bad();
        switch (mGlobals[a[0]]) {
        case PickleGlobal::OrderedDict:
            return make(PickleType::Dict);
        case PickleGlobal::SparseClass:
            return makeInstance(a[0], result);
        case PickleGlobal::Set:
            return make(PickleType::Set);
        default:
            return fail(PickleTr::tr("%1 of %2; not shown").arg(name, typeName(a[0])));
        }
    }
    case PickleGlobal::Type: {
        // type(None), type(Ellipsis), type(NotImplemented): how pickle writes those three classes.
        if (a.size() != 1)
            return bad();
        const PickleNode &arg = node(a[0]);
        QString cls;
        if (arg.type == PickleType::None && mState[size_t(a[0])] == PickleState::Done)
            cls = QStringLiteral("NoneType");
        else if (arg.type == PickleType::Global && arg.name == QLatin1String("Ellipsis"))
            cls = QStringLiteral("ellipsis");
        else if (arg.type == PickleType::Global && arg.name == QLatin1String("NotImplemented"))
            cls = QStringLiteral("NotImplementedType");
        else
            return bad();
        if (!make(PickleType::Global))
            return false;
        node(*result).text = QStringLiteral("builtins");
        node(*result).name = cls;
        return true;
    }
    case PickleGlobal::NdArrayClass:
    case PickleGlobal::Object:
    case PickleGlobal::Value:
        break;
    }
    return fail(PickleTr::tr("a call of %1, which is not data; not shown").arg(name));
}

bool PickleMachine::setArray(qint32 arr, qint32 shapeNode, qint32 dtypeNode, bool fortran, qint32 dataNode,
                             bool keepOrder)
{
    if (node(shapeNode).type != PickleType::Tuple || node(dtypeNode).type != PickleType::DType)
        return fail(PickleTr::tr("an ndarray state without a shape tuple and a dtype"));
    if (mSubarrays.count(dtypeNode))
        return fail(PickleTr::tr("an ndarray of a subarray dtype"));
    QList<qint64> shape;
    for (qint32 d : node(shapeNode).items) {
        qint64 v = 0;
        if (!intOf(node(d), &v) || v < 0)
            return fail(PickleTr::tr("an ndarray shape with a dimension that is not a non-negative int"));
        shape.append(v);
    }
    if (shape.size() > 64)
        return fail(PickleTr::tr("an ndarray of %1 dimensions").arg(shape.size()));
    if (!charge(qint64(node(dtypeNode).dtype.fields.size()) + qint64(node(dataNode).items.size())
                + node(dataNode).text.size()))
        return false;
    const DType type = node(dtypeNode).dtype;
    qint64 count = 0, bytes = 0;
    if (!arraySize(shape, std::max<qint64>(type.itemSize, 1), &count, &bytes))
        return fail(PickleTr::tr("an ndarray shape %1 whose size overflows").arg(pyTupleRepr(shape)));
    PickleNode &n = node(arr);
    n.dtype = type;
    n.shape = shape;
    // np.save records fortran_order only for arrays that are not also C-contiguous.
    int big = 0;
    for (qint64 d : shape)
        big += d > 1 ? 1 : 0;
    n.fortranOrder = fortran && big > 1 && count > 0;
    mState[size_t(arr)] = PickleState::Done;
    const PickleNode &data = node(dataNode);
    if (type.kind == Kind::Object) {
        if (data.type != PickleType::List)
            return fail(PickleTr::tr("an object ndarray whose state holds a %1, not a list").arg(typeName(dataNode)));
        if (qint64(data.items.size()) != count)
            return fail(PickleTr::tr("an object ndarray of shape %1 (%2 elements) whose state holds %3")
                            .arg(pyTupleRepr(shape)).arg(count).arg(data.items.size()));
        std::vector<qint32> items = data.items;
        node(arr).items = std::move(items);
        return true;
    }
    for (const Field &f : type.fields)
        if (f.type.kind == Kind::Object || f.type.kind == Kind::Struct)
            for (const LeafColumn &c : leafColumns(f.type))
                if (c.type.kind == Kind::Object)
                    return fail(PickleTr::tr("a struct ndarray with object fields"));
    QByteArray raw;
    if (!bytesOf(data, &raw))
        return fail(PickleTr::tr("an ndarray whose data is a %1").arg(typeName(dataNode)));
    if (raw.size() != bytes)
        return fail(PickleTr::tr("an ndarray of shape %1 and dtype %2 needs %3 bytes but its state holds %4")
                        .arg(pyTupleRepr(shape), dtypeStr(type)).arg(bytes).arg(raw.size()));
    if (!keepOrder && type.kind != Kind::Struct && type.needsSwap()) {
        // ndarray.__setstate__ (pickle protocols 0-4, np.save's 3 among them) gives a plain dtype of the other byte
        // order the native one, swapping the bytes: NumPy loads a '>i2' array pickled in an object array as '<i2'
        // with the same values. Protocol 5 (_frombuffer) keeps the order; records keep theirs.
        const qint64 unit = type.swapUnit();
        if (unit > 1) {
            for (qint64 at = 0; at + unit <= raw.size(); at += unit)
                std::reverse(raw.begin() + at, raw.begin() + at + unit);
        }
        node(arr).dtype.byteOrder = type.itemSize > 1 ? '<' : type.byteOrder;
    }
    node(arr).data = raw;
    return true;
}

bool PickleMachine::makeInstance(qint32 cls, qint32 *result)
{
    const QString name = node(cls).text; // a copy: newNode() may move the nodes
    *result = newNode(PickleType::Instance);
    if (*result < 0)
        return false;
    node(*result).text = name;
    mState[size_t(*result)] = PickleState::PendingInstance;
    return true;
}

bool PickleMachine::build(qint32 target, qint32 state)
{
    if (!charge(1 + qint64(node(state).items.size())))
        return false;
    if (node(target).type == PickleType::NdArray && mState[size_t(target)] == PickleState::PendingArray) {
        const std::vector<qint32> s = node(state).items;
        if (node(state).type != PickleType::Tuple || (s.size() != 5 && s.size() != 4))
            return fail(PickleTr::tr("an ndarray state that is not a tuple of 4 or 5"));
        const size_t k = s.size() - 4;
        bool fortran = false;
        if (node(s[k + 2]).type == PickleType::Bool)
            fortran = node(s[k + 2]).boolValue;
        else if (node(s[k + 2]).type == PickleType::Int)
            fortran = node(s[k + 2]).intText != "0";
        else
            return fail(PickleTr::tr("an ndarray state whose Fortran flag is a %1").arg(typeName(s[k + 2])));
        return setArray(target, s[k], s[k + 1], fortran, s[k + 3], false);
    }
    if (node(target).type == PickleType::DType && mState[size_t(target)] == PickleState::Done)
        return buildDType(target, state);
    if (node(target).type == PickleType::Instance && mState[size_t(target)] == PickleState::PendingInstance) {
        // The object's __dict__, kept as data: SciPy's sparse matrices pickle their arrays and shape there.
        if (node(state).type != PickleType::Dict)
            return fail(PickleTr::tr("the state of a %1 is a %2, not a dict").arg(typeName(target), typeName(state)));
        node(target).items = node(state).items;
        mState[size_t(target)] = PickleState::Done;
        return true;
    }
    if (node(target).type == PickleType::Dict && node(state).type == PickleType::None)
        return true;
    return fail(PickleTr::tr("BUILD (__setstate__) of a %1, which is not data").arg(typeName(target)));
}

} // namespace npy
