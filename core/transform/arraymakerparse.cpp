// What ArrayMaker reads from a user: a dtype as np.dtype() takes it, a shape as NumPy writes it, and numbers
// as Python reads their literals.
#include "arraymaker_p.h"

#include "casting.h"
#include "npyheader.h"
#include "valuetext.h"

#include <QHash>
#include <QRegularExpression>

#include <cmath>
#include <cstring>
#include <limits>

namespace npy {

namespace {

/** NumPy's other names of the types parseCastTarget() knows by their sized names. */
const QHash<QString, QString> &aliases()
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("int"), QStringLiteral("int64")},        {QStringLiteral("int_"), QStringLiteral("int64")},
        {QStringLiteral("intp"), QStringLiteral("int64")},       {QStringLiteral("uint"), QStringLiteral("uint64")},
        {QStringLiteral("uintp"), QStringLiteral("uint64")},     {QStringLiteral("float"), QStringLiteral("float64")},
        {QStringLiteral("float_"), QStringLiteral("float64")},   {QStringLiteral("complex"), QStringLiteral("complex128")},
        {QStringLiteral("complex_"), QStringLiteral("complex128")}, {QStringLiteral("cdouble"), QStringLiteral("complex128")},
        {QStringLiteral("csingle"), QStringLiteral("complex64")}, {QStringLiteral("bool_"), QStringLiteral("bool")},
        {QStringLiteral("bool8"), QStringLiteral("bool")},       {QStringLiteral("byte"), QStringLiteral("int8")},
        {QStringLiteral("ubyte"), QStringLiteral("uint8")},      {QStringLiteral("short"), QStringLiteral("int16")},
        {QStringLiteral("ushort"), QStringLiteral("uint16")},    {QStringLiteral("intc"), QStringLiteral("int32")},
        {QStringLiteral("uintc"), QStringLiteral("uint32")},     {QStringLiteral("longlong"), QStringLiteral("int64")},
        {QStringLiteral("ulonglong"), QStringLiteral("uint64")}, {QStringLiteral("str_"), QStringLiteral("str")},
        {QStringLiteral("unicode"), QStringLiteral("str")},      {QStringLiteral("bytes_"), QStringLiteral("bytes")},
        {QStringLiteral("string_"), QStringLiteral("bytes")},
    };
    return names;
}

QString stripPrefix(QString text)
{
    for (const QLatin1String prefix : {QLatin1String("numpy."), QLatin1String("np.")}) {
        if (text.startsWith(prefix))
            return text.mid(prefix.size());
    }
    return text;
}

Result<PyNumber> numberFailure(const QString &what, const QString &text)
{
    if (text.isEmpty())
        return Result<PyNumber>::failure(MakerTr::tr("%1: give a number").arg(what));
    return Result<PyNumber>::failure(MakerTr::tr("%1: “%2” is not a number").arg(what, text));
}

/** A Python float literal (or a name of one) with an optional sign; false when \a text is none. */
bool parseFloatText(const QString &text, double *out)
{
    QString t = text;
    double sign = 1;
    if (t.startsWith(QLatin1Char('-')) || t.startsWith(QLatin1Char('+'))) {
        sign = t.startsWith(QLatin1Char('-')) ? -1 : 1;
        t = t.mid(1).trimmed();
    }
    const QString name = stripPrefix(t).toLower();
    if (name == QLatin1String("inf") || name == QLatin1String("infinity")) {
        *out = sign * std::numeric_limits<double>::infinity();
        return true;
    }
    if (name == QLatin1String("nan")) {
        *out = std::copysign(std::numeric_limits<double>::quiet_NaN(), sign);
        return true;
    }
    if (t == QLatin1String("np.pi") || t == QLatin1String("numpy.pi") || t == QLatin1String("math.pi")) {
        *out = sign * 3.141592653589793;
        return true;
    }
    if (t == QLatin1String("np.e") || t == QLatin1String("numpy.e") || t == QLatin1String("math.e")) {
        *out = sign * 2.718281828459045;
        return true;
    }
    static const QRegularExpression decimal(QStringLiteral(
        "^(?:\\d(?:_?\\d)*\\.?(?:\\d(?:_?\\d)*)?|\\.\\d(?:_?\\d)*)([eE][+-]?\\d(?:_?\\d)*)?$"));
    const QRegularExpressionMatch m = decimal.match(t);
    if (!m.hasMatch() || (!t.contains(QLatin1Char('.')) && m.captured(1).isEmpty()))
        return false; // not a float (an int has neither a point nor an exponent)
    bool ok = false;
    const double v = t.remove(QLatin1Char('_')).toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return false;
    *out = sign * v;
    return true;
}

/** A Python int literal with an optional sign into \a out (false when it is none or beyond uint64). */
bool parseIntText(const QString &text, PyNumber *out)
{
    static const QRegularExpression re(QStringLiteral(
        "^([+-]?)\\s*(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|\\d(?:_?\\d)*)$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return false;
    QString digits = m.captured(2);
    digits.remove(QLatin1Char('_'));
    int base = 10;
    if (digits.size() > 1 && digits[0] == QLatin1Char('0') && digits[1].isLetter()) {
        const QChar b = digits[1].toLower();
        base = b == QLatin1Char('x') ? 16 : b == QLatin1Char('o') ? 8 : 2;
        digits = digits.mid(2);
    }
    bool ok = false;
    const quint64 magnitude = digits.toULongLong(&ok, base);
    if (!ok)
        return false;
    const bool negative = m.captured(1) == QLatin1String("-");
    if (negative) {
        if (magnitude > quint64(std::numeric_limits<qint64>::max()) + 1)
            return false;
        out->type = PyNumber::Type::Int;
        out->i = magnitude == quint64(std::numeric_limits<qint64>::max()) + 1 ? std::numeric_limits<qint64>::min()
                                                                              : -qint64(magnitude);
        return true;
    }
    if (magnitude > quint64(std::numeric_limits<qint64>::max())) {
        out->type = PyNumber::Type::UInt;
        out->u = magnitude;
        return true;
    }
    out->type = PyNumber::Type::Int;
    out->i = qint64(magnitude);
    return true;
}

/** A real part as Python reads it inside a complex literal: an int or a float, as a double. */
bool parseRealPart(const QString &text, double *out)
{
    PyNumber n;
    if (parseIntText(text, &n)) {
        *out = n.real();
        return true;
    }
    return parseFloatText(text, out);
}

/** A float as complex('...') reads each part: signs kept (`-0` is -0.0), names as Python's float() takes them. */
bool parseStringPart(const QString &text, double *out)
{
    if (parseFloatText(text, out))
        return true;
    bool ok = false;
    const double v = QString(text).remove(QLatin1Char('_')).toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return false;
    *out = v;
    return true;
}

} // namespace

bool parseComplexText(const QString &input, bool stringForm, PyNumber *out)
{
    QString text = input.trimmed();
    if (text.size() >= 2 && text.front() == QLatin1Char('(') && text.back() == QLatin1Char(')'))
        text = text.mid(1, text.size() - 2).trimmed();
    if (text.size() < 2 || !(text.endsWith(QLatin1Char('j')) || text.endsWith(QLatin1Char('J'))))
        return false;
    // The real part, then the signed imaginary part: split at the last sign that is not an exponent's.
    const QString body = text.left(text.size() - 1).trimmed();
    qsizetype split = -1;
    for (qsizetype k = body.size() - 1; k > 0; --k) {
        const QChar c = body[k];
        if ((c == QLatin1Char('+') || c == QLatin1Char('-'))
            && !(body[k - 1] == QLatin1Char('e') || body[k - 1] == QLatin1Char('E'))) {
            split = k;
            break;
        }
    }
    QString imag = split < 0 ? body : body.mid(split);
    imag.remove(QLatin1Char(' '));
    const bool negative = imag.startsWith(QLatin1Char('-'));
    if (imag.startsWith(QLatin1Char('-')) || imag.startsWith(QLatin1Char('+')))
        imag = imag.mid(1);
    if (imag.isEmpty())
        imag = QStringLiteral("1"); // 1+j: Python reads j as a name; taken as 1j (complex('1+j') reads it so)
    double magnitude = 0;
    double re = 0;
    if (stringForm) {
        // complex('a-bj') reads both parts as floats, their signs as written.
        if (!parseStringPart(imag, &magnitude) || (split > 0 && !parseStringPart(body.left(split).trimmed(), &re)))
            return false;
        out->type = PyNumber::Type::Complex;
        out->re = split > 0 ? re : 0.0;
        out->im = negative ? -magnitude : magnitude;
        return true;
    }
    if (!parseRealPart(imag, &magnitude) || (split > 0 && !parseRealPart(body.left(split).trimmed(), &re)))
        return false;
    out->type = PyNumber::Type::Complex;
    if (split < 0) {
        // bj, or -bj: unary minus of complex(0, b).
        out->re = negative ? -0.0 : 0.0;
        out->im = negative ? -magnitude : magnitude;
    } else {
        // a + bj and a - bj in Python's arithmetic: complex(a) + complex(0.0, b) and complex(a) - complex(0.0, b).
        out->re = negative ? re - 0.0 : re + 0.0;
        out->im = negative ? 0.0 - magnitude : 0.0 + magnitude;
    }
    return true;
}

QString unquoted(const QString &text)
{
    const QString t = text.trimmed();
    if (t.size() >= 2 && (t.front() == QLatin1Char('\'') || t.front() == QLatin1Char('"')) && t.back() == t.front())
        return t.mid(1, t.size() - 2);
    return t;
}

double PyNumber::real() const
{
    switch (type) {
    case Type::Bool:
    case Type::Int:
        return double(i);
    case Type::UInt:
        return double(u);
    case Type::Float:
    case Type::Complex:
        return re;
    }
    return 0;
}

QString PyNumber::repr() const
{
    DType f8;
    f8.kind = Kind::Float;
    f8.itemSize = 8;
    f8.byteOrder = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>';
    // Valid Python wherever NumPy code goes: np.nan and np.inf for the values Python has no literal of.
    auto text = [&](double v) {
        if (std::isnan(v))
            return QStringLiteral("np.nan");
        if (std::isinf(v))
            return v > 0 ? QStringLiteral("np.inf") : QStringLiteral("-np.inf");
        return formatValue(f8, reinterpret_cast<const uchar *>(&v));
    };
    switch (type) {
    case Type::Bool:
        return i ? QStringLiteral("True") : QStringLiteral("False");
    case Type::Int:
        return QString::number(i);
    case Type::UInt:
        return QString::number(u);
    case Type::Float:
        return text(re);
    case Type::Complex: {
        if (!std::isfinite(re) || !std::isfinite(im))
            return QStringLiteral("complex(%1, %2)").arg(text(re), text(im));
        DType c16 = f8;
        c16.kind = Kind::Complex;
        c16.itemSize = 16;
        const double v[2] = {re, im};
        return formatValue(c16, reinterpret_cast<const uchar *>(v));
    }
    }
    return QString();
}

DType PyNumber::dtype() const
{
    DType t;
    t.byteOrder = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>';
    switch (type) {
    case Type::Bool:
        t.kind = Kind::Bool;
        t.itemSize = 1;
        t.byteOrder = '|';
        break;
    case Type::Int:
        t.kind = Kind::Int;
        t.itemSize = 8;
        break;
    case Type::UInt:
        t.kind = Kind::UInt;
        t.itemSize = 8;
        break;
    case Type::Float:
        t.kind = Kind::Float;
        t.itemSize = 8;
        break;
    case Type::Complex:
        t.kind = Kind::Complex;
        t.itemSize = 16;
        break;
    }
    return t;
}

QByteArray PyNumber::bytes() const
{
    QByteArray out;
    switch (type) {
    case Type::Bool:
        out.append(char(i ? 1 : 0));
        break;
    case Type::Int:
        out.append(reinterpret_cast<const char *>(&i), 8);
        break;
    case Type::UInt:
        out.append(reinterpret_cast<const char *>(&u), 8);
        break;
    case Type::Float:
        out.append(reinterpret_cast<const char *>(&re), 8);
        break;
    case Type::Complex:
        out.append(reinterpret_cast<const char *>(&re), 8);
        out.append(reinterpret_cast<const char *>(&im), 8);
        break;
    }
    return out;
}

Result<PyNumber> parsePyNumber(const QString &input, const QString &what)
{
    QString text = input.trimmed();
    if (text.size() >= 2 && text.front() == QLatin1Char('(') && text.back() == QLatin1Char(')'))
        text = text.mid(1, text.size() - 2).trimmed();
    PyNumber n;
    if (text == QLatin1String("True") || text == QLatin1String("False")) {
        n.type = PyNumber::Type::Bool;
        n.i = text == QLatin1String("True") ? 1 : 0;
        return n;
    }
    if (parseIntText(text, &n))
        return n;
    if (parseFloatText(text, &n.re)) {
        n.type = PyNumber::Type::Float;
        return n;
    }
    if (parseComplexText(text, false, &n))
        return n;
    return numberFailure(what, input.trimmed());
}

Result<DType> parseDTypeText(const QString &input)
{
    using R = Result<DType>;
    QString text = input.trimmed();
    static const QRegularExpression call(QStringLiteral("^(?:(?:np|numpy)\\.)?dtype\\((.*)\\)$"));
    if (const QRegularExpressionMatch m = call.match(text); m.hasMatch())
        text = m.captured(1).trimmed();
    text = stripPrefix(unquoted(text));
    if (text.isEmpty())
        return R::failure(MakerTr::tr("give a dtype: float64, int32, '<f4', bool, complex128, 'S8', 'U4', "
                                      "datetime64[s]…"));
    const qsizetype bracket = text.indexOf(QLatin1Char('['));
    const QString head = bracket < 0 ? text : text.left(bracket);
    const auto alias = aliases().constFind(head);
    if (alias != aliases().cend())
        text = alias.value() + (bracket < 0 ? QString() : text.mid(bracket));
    if (text == QLatin1String("object") || text == QLatin1String("O") || text.startsWith(QLatin1String("V"))
        || text == QLatin1String("void") || text.startsWith(QLatin1Char('[')))
        return R::failure(MakerTr::tr("'%1': new members hold plain values (no objects, void or records)")
                              .arg(input.trimmed()));
    Result<DType> parsed = parseCastTarget(text);
    if (!parsed)
        return parsed;
    DType type = parsed.value();
    if ((type.kind == Kind::DateTime || type.kind == Kind::TimeDelta) && type.unit.isEmpty())
        return R::failure(MakerTr::tr("'%1' has no unit: give one, as %2[s] or %2[D]")
                              .arg(input.trimmed(), type.kind == Kind::DateTime ? QStringLiteral("datetime64")
                                                                                : QStringLiteral("timedelta64")));
    // An unsized S or U is one character long, as np.empty() makes it.
    if (type.kind == Kind::Bytes && type.itemSize == 0)
        type.itemSize = 1;
    if (type.kind == Kind::Unicode && type.itemSize == 0)
        type.itemSize = 4;
    return type;
}

Result<QList<qint64>> parseShapeText(const QString &input)
{
    using R = Result<QList<qint64>>;
    QString text = input.trimmed();
    const QString usage = MakerTr::tr("write the shape as NumPy does: (3, 4), 5 or ()");
    if (text.isEmpty())
        return R::failure(MakerTr::tr("give a shape: %1").arg(usage));
    if ((text.front() == QLatin1Char('(') && text.back() == QLatin1Char(')'))
        || (text.front() == QLatin1Char('[') && text.back() == QLatin1Char(']')))
        text = text.mid(1, text.size() - 2).trimmed();
    QList<qint64> shape;
    if (text.isEmpty())
        return shape;
    QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() > 1 && parts.last().trimmed().isEmpty())
        parts.removeLast(); // (5,)
    for (const QString &part : std::as_const(parts)) {
        const QString p = part.trimmed();
        PyNumber n;
        if (!parseIntText(p, &n) || n.type != PyNumber::Type::Int)
            return R::failure(MakerTr::tr("“%1” is not a dimension: %2").arg(p, usage));
        if (n.i < 0)
            return R::failure(MakerTr::tr("negative dimensions are not allowed"));
        shape.append(n.i);
    }
    if (shape.size() > kMaxDims)
        return R::failure(MakerTr::tr("a shape has at most %1 dimensions").arg(kMaxDims));
    return shape;
}

} // namespace npy
