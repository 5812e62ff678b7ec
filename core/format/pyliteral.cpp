#include "pyliteral.h"

#include <QCoreApplication>

namespace npy {

QString PyValue::typeName() const
{
    switch (type) {
    case Type::None:
        return QStringLiteral("None");
    case Type::Bool:
        return QStringLiteral("bool");
    case Type::Int:
        return QStringLiteral("int");
    case Type::Str:
        return QStringLiteral("str");
    case Type::Tuple:
        return QStringLiteral("tuple");
    case Type::List:
        return QStringLiteral("list");
    case Type::Dict:
        return QStringLiteral("dict");
    }
    return QString();
}

namespace {

class Parser
{
    Q_DECLARE_TR_FUNCTIONS(npy::PyLiteral)
public:
    Parser(const QString &text, const PyParseOptions &options) : mText(text), mOptions(options) {}

    bool parse(PyValue *out, QString *error)
    {
        if (!value(out, 0) || !(skipSpace(), atEnd() || fail(tr("unexpected text after the literal")))) {
            if (error)
                *error = tr("%1 at character %2").arg(mError).arg(mPos);
            return false;
        }
        return true;
    }

private:
    bool atEnd() const { return mPos >= mText.size(); }
    QChar peek() const { return atEnd() ? QChar() : mText.at(mPos); }

    bool fail(const QString &why)
    {
        if (mError.isEmpty())
            mError = why;
        return false;
    }

    void skipSpace()
    {
        while (!atEnd()) {
            const QChar c = mText.at(mPos);
            if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') || c == QLatin1Char('\r')
                || c == QLatin1Char('\f') || c == QLatin1Char('\v'))
                ++mPos;
            else
                break;
        }
    }

    bool value(PyValue *out, int depth)
    {
        skipSpace();
        if (atEnd())
            return fail(tr("unexpected end of header"));
        const QChar c = peek();
        if (c == QLatin1Char('{') || c == QLatin1Char('[') || c == QLatin1Char('(')) {
            if (depth >= mOptions.maxDepth)
                return fail(tr("nesting deeper than %1 levels").arg(mOptions.maxDepth));
            return container(out, depth + 1);
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            out->type = PyValue::Type::Str;
            if (!string(&out->string))
                return false;
            skipSpace();
            if (peek() == QLatin1Char('\'') || peek() == QLatin1Char('"'))
                return fail(tr("implicit string concatenation is not accepted"));
            return true;
        }
        if (c == QLatin1Char('-') || c == QLatin1Char('+') || c.isDigit())
            return number(out);
        if (c.isLetter() || c == QLatin1Char('_')) {
            const qsizetype start = mPos;
            while (!atEnd() && (peek().isLetterOrNumber() || peek() == QLatin1Char('_')))
                ++mPos;
            const QStringView word = QStringView(mText).mid(start, mPos - start);
            if (word == QLatin1String("True") || word == QLatin1String("False")) {
                out->type = PyValue::Type::Bool;
                out->boolean = word == QLatin1String("True");
                return true;
            }
            if (word == QLatin1String("None")) {
                out->type = PyValue::Type::None;
                return true;
            }
            mPos = start;
            return fail(tr("'%1' is not a literal").arg(word.left(40).toString()));
        }
        if (c == QChar(0))
            return fail(tr("NUL byte in header"));
        return fail(tr("unexpected character '%1'").arg(c));
    }

    bool number(PyValue *out)
    {
        bool negative = false;
        if (peek() == QLatin1Char('-') || peek() == QLatin1Char('+')) {
            negative = peek() == QLatin1Char('-');
            ++mPos;
            skipSpace();
        }
        if (!peek().isDigit() || peek().unicode() > 127)
            return fail(tr("expected a number"));
        const qsizetype start = mPos;
        quint64 magnitude = 0;
        bool overflow = false;
        while (!atEnd() && peek().isDigit() && peek().unicode() <= 127) {
            const unsigned d = peek().unicode() - '0';
            if (magnitude > (std::numeric_limits<quint64>::max() - d) / 10)
                overflow = true;
            else
                magnitude = magnitude * 10 + d;
            ++mPos;
        }
        if (mPos - start > 1 && mText.at(start) == QLatin1Char('0'))
            return fail(tr("integer with a leading zero"));
        if (!atEnd() && (peek() == QLatin1Char('L') || peek() == QLatin1Char('l'))) {
            if (!mOptions.allowLongSuffix)
                return fail(tr("Python 2 long suffix 'L' is not accepted here"));
            ++mPos;
        }
        if (!atEnd() && (peek().isLetterOrNumber() || peek() == QLatin1Char('_') || peek() == QLatin1Char('.')))
            return fail(tr("only plain decimal integers are accepted"));
        const quint64 limit = negative ? quint64(std::numeric_limits<qint64>::max()) + 1
                                       : quint64(std::numeric_limits<qint64>::max());
        if (overflow || magnitude > limit)
            return fail(tr("integer out of the 64-bit range"));
        out->type = PyValue::Type::Int;
        out->integer = negative ? qint64(0 - magnitude) : qint64(magnitude);
        return true;
    }

    bool hexDigits(int count, uint *code)
    {
        uint v = 0;
        for (int i = 0; i < count; ++i) {
            if (atEnd())
                return fail(tr("truncated escape in string"));
            const int d = QChar(peek()).isDigit() ? peek().unicode() - '0'
                          : (peek().toLower() >= QLatin1Char('a') && peek().toLower() <= QLatin1Char('f'))
                              ? peek().toLower().unicode() - 'a' + 10
                              : -1;
            if (d < 0 || peek().unicode() > 127)
                return fail(tr("invalid escape in string"));
            v = v * 16 + uint(d);
            ++mPos;
        }
        *code = v;
        return true;
    }

    bool string(QString *out)
    {
        const QChar quote = peek();
        ++mPos;
        QList<uint> codes;
        while (true) {
            if (atEnd())
                return fail(tr("unterminated string"));
            QChar c = peek();
            if (c == quote) {
                ++mPos;
                break;
            }
            if (c == QLatin1Char('\n') || c == QLatin1Char('\r'))
                return fail(tr("unterminated string"));
            if (c == QChar(0))
                return fail(tr("NUL byte in header"));
            ++mPos;
            if (c != QLatin1Char('\\')) {
                if (c.isHighSurrogate() && !atEnd() && peek().isLowSurrogate()) {
                    codes.append(QChar::surrogateToUcs4(c, peek()));
                    ++mPos;
                } else {
                    codes.append(c.unicode());
                }
                continue;
            }
            if (atEnd())
                return fail(tr("unterminated string"));
            const QChar e = peek();
            ++mPos;
            uint code = 0;
            switch (e.unicode()) {
            case '\\': codes.append('\\'); break;
            case '\'': codes.append('\''); break;
            case '"': codes.append('"'); break;
            case 'n': codes.append('\n'); break;
            case 't': codes.append('\t'); break;
            case 'r': codes.append('\r'); break;
            case 'a': codes.append(7); break;
            case 'b': codes.append(8); break;
            case 'f': codes.append(12); break;
            case 'v': codes.append(11); break;
            case '\n': break;
            case 'x':
                if (!hexDigits(2, &code))
                    return false;
                codes.append(code);
                break;
            case 'u':
                if (!hexDigits(4, &code))
                    return false;
                codes.append(code);
                break;
            case 'U':
                if (!hexDigits(8, &code))
                    return false;
                if (code > 0x10ffff)
                    return fail(tr("invalid code point in string escape"));
                codes.append(code);
                break;
            default:
                if (e >= QLatin1Char('0') && e <= QLatin1Char('7')) {
                    uint v = uint(e.unicode() - '0');
                    for (int i = 0; i < 2 && !atEnd() && peek() >= QLatin1Char('0') && peek() <= QLatin1Char('7'); ++i) {
                        v = v * 8 + uint(peek().unicode() - '0');
                        ++mPos;
                    }
                    codes.append(v);
                } else {
                    // Python keeps unknown escapes verbatim.
                    codes.append('\\');
                    codes.append(e.unicode());
                }
            }
        }
        for (uint code : codes) {
            if (code >= 0xd800 && code <= 0xdfff)
                return fail(tr("surrogate code point in string"));
        }
        *out = QString::fromUcs4(reinterpret_cast<const char32_t *>(codes.constData()), codes.size());
        return true;
    }

    bool container(PyValue *out, int depth)
    {
        const QChar open = peek();
        ++mPos;
        const QChar close = open == QLatin1Char('{') ? QLatin1Char('}')
                            : open == QLatin1Char('[') ? QLatin1Char(']')
                                                       : QLatin1Char(')');
        out->type = open == QLatin1Char('{') ? PyValue::Type::Dict
                    : open == QLatin1Char('[') ? PyValue::Type::List
                                               : PyValue::Type::Tuple;
        bool sawComma = false;
        while (true) {
            skipSpace();
            if (atEnd())
                return fail(tr("unexpected end of header"));
            if (peek() == close) {
                ++mPos;
                break;
            }
            if (out->type == PyValue::Type::Dict) {
                PyValue key, val;
                if (!value(&key, depth))
                    return false;
                skipSpace();
                if (peek() != QLatin1Char(':'))
                    return fail(tr("expected ':' in dict"));
                ++mPos;
                if (!value(&val, depth))
                    return false;
                out->entries.emplace_back(std::move(key), std::move(val));
            } else {
                PyValue item;
                if (!value(&item, depth))
                    return false;
                out->items.push_back(std::move(item));
            }
            skipSpace();
            if (peek() == QLatin1Char(',')) {
                ++mPos;
                sawComma = true;
                continue;
            }
            skipSpace();
            if (peek() != close)
                return fail(tr("expected ',' or '%1'").arg(close));
        }
        // "(x)" is a parenthesised value, not a tuple.
        if (out->type == PyValue::Type::Tuple && out->items.size() == 1 && !sawComma) {
            PyValue inner = std::move(out->items.front());
            *out = std::move(inner);
        }
        return true;
    }

    const QString &mText;
    PyParseOptions mOptions;
    qsizetype mPos = 0;
    QString mError;
};

} // namespace

bool parsePyLiteral(const QString &text, PyValue *out, QString *error, const PyParseOptions &options)
{
    Parser parser(text, options);
    PyValue v;
    if (!parser.parse(&v, error))
        return false;
    *out = std::move(v);
    return true;
}

} // namespace npy
