// arrayFromText(): NumPy code and blocks of numbers read back into arrays, by a scanner of our own.
#include "arraytext.h"

#include "arraymaker.h"
#include "arraymaker_p.h"
#include "npyheader.h"
#include "pyliteral.h"
#include "valuetext.h"

#include <QRegularExpression>

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <new>
#include <vector>

namespace npy {

namespace {

using R = Result<TextArray>;

/** What a value of the text is, for the dtype np.array() would infer. */
enum class Rank { Bool, Int, BigUInt, Float, Complex, Str, Bytes };

/** A number of the text: Python's literals; in a block, true/false in any case as well. */
bool numberOf(QStringView token, bool block, PyNumber *out)
{
    bool ok = false;
    const qint64 i = token.toLongLong(&ok);
    if (ok) {
        out->type = PyNumber::Type::Int;
        out->i = i;
        return true;
    }
    if (block) {
        if (token.compare(u"true", Qt::CaseInsensitive) == 0 || token.compare(u"false", Qt::CaseInsensitive) == 0) {
            out->type = PyNumber::Type::Bool;
            out->i = token.size() == 4 ? 1 : 0;
            return true;
        }
    }
    QString text = token.toString();
    if (text.startsWith(QLatin1String("complex(")) && text.endsWith(QLatin1Char(')'))) {
        // complex('1+2j') as pythonLiteral() writes it, or complex(re, im)
        const QString inner = text.mid(8, text.size() - 9).trimmed();
        const QStringList args = inner.split(QLatin1Char(','));
        if (args.size() == 2) {
            Result<PyNumber> re = parsePyNumber(args[0], QString());
            Result<PyNumber> im = parsePyNumber(args[1], QString());
            if (!re || !im || re->type == PyNumber::Type::Complex || im->type == PyNumber::Type::Complex)
                return false;
            out->type = PyNumber::Type::Complex;
            out->re = re->real();
            out->im = im->real();
            return true;
        }
        text = unquoted(inner);
        // complex('1+2j') reads the string as complex() does: the signs of its parts as written.
        if (parseComplexText(text, true, out))
            return true;
        Result<PyNumber> n = parsePyNumber(text, QString());
        if (!n || n->type == PyNumber::Type::UInt || n->type == PyNumber::Type::Bool)
            return false;
        out->type = PyNumber::Type::Complex;
        out->re = n->real();
        out->im = 0.0;
        return true;
    }
    Result<PyNumber> n = parsePyNumber(text, QString());
    if (!n)
        return false;
    *out = n.value();
    return true;
}

Rank rankOf(const PyNumber &n)
{
    switch (n.type) {
    case PyNumber::Type::Bool:
        return Rank::Bool;
    case PyNumber::Type::Int:
        return Rank::Int;
    case PyNumber::Type::UInt:
        return Rank::BigUInt;
    case PyNumber::Type::Float:
        return Rank::Float;
    case PyNumber::Type::Complex:
        return Rank::Complex;
    }
    return Rank::Float;
}

/** A Python str literal's text ('..' or ".." with escapes), or false. */
bool strLiteral(QStringView token, QString *out)
{
    if (token.size() < 2 || !(token.front() == u'\'' || token.front() == u'"'))
        return false;
    PyValue v;
    QString error;
    if (!parsePyLiteral(token.toString(), &v, &error) || v.type != PyValue::Type::Str)
        return false;
    *out = v.string;
    return true;
}

bool bytesLiteral(QStringView token)
{
    return token.size() >= 3 && token.front() == u'b' && (token[1] == u'\'' || token[1] == u'"');
}

DType simpleType(Kind kind, qint64 size)
{
    DType t;
    t.kind = kind;
    t.itemSize = size;
    t.byteOrder = size == 1 || kind == Kind::Bytes ? '|' : (Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>');
    return t;
}

/** Writes \a token as an element of \a type at \a out; false with \a why. */
bool convertToken(QStringView token, const DType &type, bool block, uchar *out, QString *why)
{
    QByteArray bytes;
    const Kind k = type.kind;
    if (k == Kind::Bytes || k == Kind::Unicode || k == Kind::DateTime || k == Kind::TimeDelta) {
        QString text;
        if (k == Kind::Bytes && bytesLiteral(token))
            text = token.toString();
        else if (!strLiteral(token, &text))
            text = token.toString();
        PyNumber n;
        if ((k == Kind::DateTime || k == Kind::TimeDelta) && numberOf(token, block, &n)
            && n.type == PyNumber::Type::Int) {
            const qint64 v = n.i;
            std::memcpy(out, &v, 8);
            if (type.needsSwap())
                std::reverse(out, out + 8);
            return true;
        }
        if (!parseValue(type, text, &bytes, why))
            return false;
        std::memcpy(out, bytes.constData(), size_t(type.itemSize));
        return true;
    }
    PyNumber n;
    if (!numberOf(token, block, &n)) {
        // A long double written as a quoted string keeps its digits.
        QString text;
        if (k == Kind::Float && strLiteral(token, &text) && parseValue(type, text, &bytes, why)) {
            std::memcpy(out, bytes.constData(), size_t(type.itemSize));
            return true;
        }
        *why = MakerTr::tr("“%1” is not a number").arg(token.toString());
        return false;
    }
    // np.array() sets a Python int into a float through float(), as float64.
    if ((k == Kind::Float || k == Kind::Complex) && n.isInteger()) {
        n.re = double(n.i);
        n.type = PyNumber::Type::Float;
    } else if ((k == Kind::Float || k == Kind::Complex) && n.type == PyNumber::Type::UInt) {
        n.re = double(n.u);
        n.type = PyNumber::Type::Float;
    }
    Result<ElementCast> cast = ElementCast::create(n.dtype(), type, 1);
    if (!cast) {
        *why = cast.error();
        return false;
    }
    const QByteArray in = n.bytes();
    CastReport report;
    if (!cast->convert(reinterpret_cast<const uchar *>(in.constData()), out, 1, 0, &report)) {
        *why = cast->failure();
        return false;
    }
    if (report.overflow + report.nan + report.infinity + report.imaginary > 0) {
        *why = MakerTr::tr("%1 cannot be %2 (%3)")
                   .arg(n.repr(), type.displayName(), CastReport::changeName(report.firstChange));
        return false;
    }
    return true;
}

/** The dtype np.array() infers from the values, or why none. */
Result<DType> inferType(const std::vector<QStringView> &tokens, bool block, const std::function<QString(qint64)> &where)
{
    using D = Result<DType>;
    Rank top = Rank::Bool;
    bool smallInts = false;
    bool bigInts = false;
    qint64 textLength = 0;
    bool anyText = false;
    bool anyNumber = false;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const QStringView t = tokens[i];
        PyNumber n;
        Rank rank;
        QString text;
        if (numberOf(t, block, &n)) {
            rank = rankOf(n);
            anyNumber = true;
            smallInts = smallInts || rank == Rank::Int;
            bigInts = bigInts || rank == Rank::BigUInt;
        } else if (!block && strLiteral(t, &text)) {
            rank = Rank::Str;
            anyText = true;
            textLength = std::max<qint64>(textLength, text.toUcs4().size());
        } else {
            if (t.isEmpty())
                return D::failure(MakerTr::tr("%1 is empty").arg(where(qint64(i))));
            return D::failure(MakerTr::tr("%1: “%2” is not a number").arg(where(qint64(i)), t.toString()));
        }
        if (anyText && anyNumber)
            return D::failure(MakerTr::tr("%1: the values mix text and numbers").arg(where(qint64(i))));
        if (rank > top)
            top = rank;
    }
    if (anyText)
        return simpleType(Kind::Unicode, 4 * std::max<qint64>(textLength, 1));
    switch (top) {
    case Rank::Bool:
        return simpleType(Kind::Bool, 1);
    case Rank::Int:
        return simpleType(Kind::Int, 8);
    case Rank::BigUInt:
        // int64 and uint64 together promote to float64.
        return smallInts && bigInts ? simpleType(Kind::Float, 8) : simpleType(Kind::UInt, 8);
    case Rank::Float:
        return simpleType(Kind::Float, 8);
    case Rank::Complex:
        return simpleType(Kind::Complex, 16);
    default:
        return simpleType(Kind::Float, 8);
    }
}

/** Builds the array of \a shape and \a type from \a tokens (C order). */
R build(const std::vector<QStringView> &tokens, const QList<qint64> &shape, DType type, bool block, qint64 maxBytes,
        const std::function<QString(qint64)> &where, const QString &source)
{
    NpyHeader h;
    h.dtype = type;
    h.shape = shape;
    if (!arraySize(shape, type.itemSize, &h.elementCount, &h.dataBytes) || h.dataBytes > maxBytes)
        return R::failure(MakerTr::tr("the array would take more than the %1 bytes a new member may take in memory")
                              .arg(maxBytes));
    if (h.elementCount != qint64(tokens.size()))
        return R::failure(MakerTr::tr("%1 values for the shape %2").arg(tokens.size()).arg(pyTupleRepr(shape)));
    QByteArray bytes;
    try {
        bytes.resize(qsizetype(h.dataBytes));
    } catch (const std::bad_alloc &) {
        return R::failure(MakerTr::tr("not enough memory for %1 bytes").arg(h.dataBytes));
    }
    bytes.fill('\0');
    uchar *out = reinterpret_cast<uchar *>(bytes.data());
    for (size_t i = 0; i < tokens.size(); ++i) {
        QString why;
        if (!convertToken(tokens[i], type, block, out + qint64(i) * type.itemSize, &why))
            return R::failure(MakerTr::tr("%1: %2").arg(where(qint64(i)), why));
    }
    TextArray result;
    result.array = NpyArray(h, std::move(bytes));
    result.source = source;
    return result;
}

/** A scanner over NumPy code: nested lists of literals, `np.array(...)`, `np.empty(...)`. */
class CodeScanner
{
public:
    explicit CodeScanner(const QString &text) : mText(text) {}

    void skip()
    {
        while (mPos < mText.size() && mText[mPos].isSpace())
            ++mPos;
    }
    bool eat(QStringView word)
    {
        skip();
        if (QStringView(mText).mid(mPos).startsWith(word)) {
            mPos += word.size();
            return true;
        }
        return false;
    }
    [[nodiscard]] bool atEnd()
    {
        skip();
        return mPos >= mText.size();
    }
    [[nodiscard]] qsizetype pos() const { return mPos; }
    [[nodiscard]] QChar peek()
    {
        skip();
        return mPos < mText.size() ? mText[mPos] : QChar();
    }

    /** A scalar literal: up to the next , ] or ) outside quotes and parentheses. */
    QStringView scalar()
    {
        skip();
        const qsizetype start = mPos;
        int depth = 0;
        QChar quote;
        for (; mPos < mText.size(); ++mPos) {
            const QChar c = mText[mPos];
            if (!quote.isNull()) {
                if (c == u'\\')
                    ++mPos;
                else if (c == quote)
                    quote = QChar();
                continue;
            }
            if (c == u'\'' || c == u'"')
                quote = c;
            else if (c == u'(')
                ++depth;
            else if (c == u')' && depth > 0)
                --depth;
            else if (depth == 0 && (c == u',' || c == u']' || c == u')'))
                break;
        }
        return QStringView(mText).mid(start, mPos - start).trimmed();
    }

    /** Nested lists (or one scalar) into \a tokens and \a shape; false with \a error. */
    bool nested(std::vector<QStringView> *tokens, QList<qint64> *shape, QString *error)
    {
        mLeafDepth = -1;
        return item(0, tokens, shape, error);
    }

    /** The text from here to the last ')' (the dtype argument), and that ')' eaten. */
    QString untilClose()
    {
        skip();
        const qsizetype close = mText.lastIndexOf(QLatin1Char(')'));
        if (close < mPos)
            return QString();
        const QString s = mText.mid(mPos, close - mPos).trimmed();
        mPos = close + 1;
        return s;
    }

private:
    bool item(int depth, std::vector<QStringView> *tokens, QList<qint64> *shape, QString *error)
    {
        if (peek() != u'[') {
            if (mLeafDepth >= 0 && mLeafDepth != depth) {
                *error = MakerTr::tr("character %1: the lists are not all as deep (NumPy would make an object "
                                     "array)").arg(mPos);
                return false;
            }
            mLeafDepth = depth;
            const QStringView t = scalar();
            if (t.isEmpty()) {
                *error = MakerTr::tr("character %1: a value is missing").arg(mPos);
                return false;
            }
            tokens->push_back(t);
            return true;
        }
        if (depth >= kMaxDims) {
            *error = MakerTr::tr("the lists are nested more than %1 deep").arg(kMaxDims);
            return false;
        }
        eat(u"[");
        // The extent of this depth is known when the list closes; the lists inside close first.
        while (shape->size() <= depth)
            shape->append(-1);
        qint64 count = 0;
        if (peek() == u']') {
            eat(u"]");
        } else {
            for (;;) {
                if (!item(depth + 1, tokens, shape, error))
                    return false;
                ++count;
                if (eat(u","))
                    continue;
                if (eat(u"]"))
                    break;
                *error = MakerTr::tr("character %1: expected , or ]").arg(mPos);
                return false;
            }
        }
        if (count == 0 && mLeafDepth >= 0 && mLeafDepth != depth + 1) {
            *error = MakerTr::tr("character %1: an empty list among values").arg(mPos);
            return false;
        }
        if ((*shape)[depth] < 0) {
            (*shape)[depth] = count;
        } else if ((*shape)[depth] != count) {
            *error = MakerTr::tr("character %1: the lists have different lengths (%2 and %3; NumPy would make an "
                                 "object array)").arg(mPos).arg(shape->value(depth)).arg(count);
            return false;
        }
        if (count == 0)
            mLeafDepth = depth + 1;
        return true;
    }

    const QString &mText;
    qsizetype mPos = 0;
    int mLeafDepth = -1;
};

std::function<QString(qint64)> elementWhere(const QList<qint64> &shape)
{
    return [shape](qint64 flat) {
        QList<qint64> index(shape.size());
        for (qsizetype a = shape.size() - 1; a >= 0; --a) {
            index[a] = shape[a] > 0 ? flat % shape[a] : 0;
            flat = shape[a] > 0 ? flat / shape[a] : 0;
        }
        return MakerTr::tr("element %1").arg(pyTupleRepr(index));
    };
}

R fromCode(const QString &text, qint64 maxBytes)
{
    CodeScanner s(text);
    const bool empty = s.eat(u"np.empty(") || s.eat(u"numpy.empty(");
    const bool call = empty || s.eat(u"np.array(") || s.eat(u"numpy.array(") || s.eat(u"array(");
    std::vector<QStringView> tokens;
    QList<qint64> shape;
    QString error;
    if (empty) {
        const QString shapeText = s.peek() == u'(' ? s.scalar().toString() : QString();
        Result<QList<qint64>> parsed = parseShapeText(shapeText);
        if (!parsed)
            return R::failure(MakerTr::tr("np.empty: %1").arg(parsed.error()));
        shape = parsed.value();
        qint64 elements = 0;
        qint64 bytes = 0;
        if (!arraySize(shape, 1, &elements, &bytes) || elements != 0)
            return R::failure(MakerTr::tr("np.empty gives no values to read: only a shape with a 0 is taken"));
    } else if (!s.nested(&tokens, &shape, &error)) {
        return R::failure(error);
    }
    DType type;
    bool typed = false;
    if (call) {
        if (s.eat(u",")) {
            if (!s.eat(u"dtype") || !s.eat(u"="))
                return R::failure(MakerTr::tr("character %1: expected dtype=").arg(s.pos()));
            const QString dtypeText = s.untilClose();
            Result<DType> parsed = parseDTypeText(dtypeText);
            if (!parsed)
                return R::failure(MakerTr::tr("dtype: %1").arg(parsed.error()));
            type = parsed.value();
            typed = true;
        } else if (!s.eat(u")")) {
            return R::failure(MakerTr::tr("character %1: expected , or )").arg(s.pos()));
        }
    }
    s.eat(u";");
    if (!s.atEnd())
        return R::failure(MakerTr::tr("character %1: unexpected text after the array").arg(s.pos()));
    if (empty && !typed)
        return R::failure(MakerTr::tr("np.empty needs its dtype"));
    const std::function<QString(qint64)> where = elementWhere(shape);
    if (!typed) {
        Result<DType> inferred = inferType(tokens, false, where);
        if (!inferred)
            return R::failure(inferred.error());
        type = inferred.value();
    }
    return build(tokens, shape, type, false, maxBytes, where,
                 call ? MakerTr::tr("NumPy code") : MakerTr::tr("a list"));
}

R fromBlock(const QString &text, qint64 maxBytes)
{
    // Lines, then the separator the block uses: tabs, else commas, else runs of spaces.
    QStringView all(text);
    std::vector<QStringView> lines;
    for (QStringView line : all.tokenize(u'\n')) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        if (!line.trimmed().isEmpty())
            lines.push_back(line);
    }
    if (lines.empty())
        return R::failure(MakerTr::tr("the text holds no values"));
    bool tabs = false;
    bool commas = false;
    for (QStringView line : lines) {
        tabs = tabs || line.contains(u'\t');
        commas = commas || line.contains(u',');
    }
    std::vector<QStringView> tokens;
    qint64 columns = -1;
    for (size_t r = 0; r < lines.size(); ++r) {
        qint64 n = 0;
        auto add = [&](QStringView cell) {
            tokens.push_back(cell.trimmed());
            ++n;
        };
        if (tabs || commas) {
            for (QStringView cell : lines[r].tokenize(tabs ? u'\t' : u','))
                add(cell);
        } else {
            for (QStringView cell : lines[r].trimmed().tokenize(u' ', Qt::SkipEmptyParts))
                add(cell);
        }
        if (columns >= 0 && n != columns)
            return R::failure(MakerTr::tr("row %1 has %2 values, row 1 has %3").arg(r + 1).arg(n).arg(columns));
        columns = n;
    }
    const bool oneRow = lines.size() == 1;
    const QList<qint64> shape = oneRow ? QList<qint64>{columns} : QList<qint64>{qint64(lines.size()), columns};
    const std::function<QString(qint64)> where = [columns](qint64 flat) {
        return MakerTr::tr("row %1, column %2").arg(flat / columns + 1).arg(flat % columns + 1);
    };
    Result<DType> type = inferType(tokens, true, where);
    if (!type)
        return R::failure(type.error());
    const QString source = oneRow ? MakerTr::tr("a row of %1 values").arg(columns)
                                  : MakerTr::tr("a block of %1 rows of %2 values").arg(lines.size()).arg(columns);
    return build(tokens, shape, type.value(), true, maxBytes, where, source);
}

} // namespace

Result<TextArray> arrayFromText(const QString &text, qint64 maxBytes)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return R::failure(MakerTr::tr("the text is empty"));
    static const QRegularExpression code(QStringLiteral("^(?:(?:np|numpy)\\.(?:array|empty)|array)\\s*\\("));
    if (t.startsWith(QLatin1Char('[')) || code.match(t).hasMatch())
        return fromCode(t, maxBytes);
    return fromBlock(t, maxBytes);
}

} // namespace npy
