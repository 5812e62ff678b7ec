// Numbers read from text as NumPy 1.24's astype reads them (CPython 3's int(), float(), complex() and
// NumPy's NumPyOS_ascii_strtold), for ElementCast's text-to-number kernels.

#include "castparse_p.h"

#include <QByteArray>
#include <QChar>

#include <cerrno>
#include <cctype>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <locale.h>

namespace npy::cast {

namespace {

/** Python's Py_ISSPACE: ASCII white space. */
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/** Py_UNICODE_ISSPACE beyond ASCII. */
bool isUnicodeSpace(char32_t c)
{
    return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029
           || c == 0x202f || c == 0x205f || c == 0x3000;
}

/** The C locale, for strtod and strtold whatever the process's locale. */
locale_t cLocale()
{
    static const locale_t c = newlocale(LC_ALL_MASK, "C", locale_t(nullptr));
    return c;
}

/**
 * CPython's _Py_string_to_number_with_underscores: an underscore only between two digits; the text
 * without them in \a out. False when one is elsewhere.
 */
bool dropUnderscores(const AsciiText &text, AsciiText *out)
{
    out->clear();
    char prev = '\0';
    for (char c : text) {
        if (c == '_') {
            if (!isDigit(prev))
                return false;
        } else {
            if (prev == '_' && !isDigit(c))
                return false;
            out->append(c);
        }
        prev = c;
    }
    return prev != '_';
}

bool matchNoCase(const char *p, const char *end, const char *word)
{
    const size_t n = std::strlen(word);
    if (size_t(end - p) < n)
        return false;
    for (size_t i = 0; i < n; ++i)
        if ((p[i] | 0x20) != word[i])
            return false;
    return true;
}

/** Steps over a leading '+' or '-' at *\a p (before \a end); true for '-'. */
bool takeSign(const char **p, const char *end)
{
    if (*p < end && (**p == '+' || **p == '-'))
        return *(*p)++ == '-';
    return false;
}

/**
 * CPython's _PyOS_ascii_strtod on [p, end): the longest prefix that is a float (a sign, then `inf`,
 * `infinity`, `nan` or a decimal with an optional exponent). Returns the end of it (p when none).
 */
const char *prefixDouble(const char *p, const char *end, double *value)
{
    const char *s = p;
    const bool negative = takeSign(&s, end);
    if (matchNoCase(s, end, "inf")) {
        s += 3;
        if (matchNoCase(s, end, "inity"))
            s += 5;
        *value = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        return s;
    }
    if (matchNoCase(s, end, "nan")) {
        *value = std::copysign(std::numeric_limits<double>::quiet_NaN(), negative ? -1.0 : 1.0);
        return s + 3;
    }
    const char *digits = s;
    int count = 0;
    while (s < end && isDigit(*s)) {
        ++s;
        ++count;
    }
    if (s < end && *s == '.') {
        ++s;
        while (s < end && isDigit(*s)) {
            ++s;
            ++count;
        }
    }
    if (count == 0)
        return p;
    if (s < end && (*s == 'e' || *s == 'E')) {
        const char *e = s + 1;
        if (e < end && (*e == '+' || *e == '-'))
            ++e;
        if (e < end && isDigit(*e)) {
            while (e < end && isDigit(*e))
                ++e;
            s = e;
        }
    }
    // Correctly rounded, as CPython's dtoa: glibc's strtod on exactly these characters.
    const QByteArray number(digits, qsizetype(s - digits));
    const double v = strtod_l(number.constData(), nullptr, cLocale());
    *value = negative ? -v : v;
    return s;
}

} // namespace

bool pythonAscii(const CodePoints &text, bool unicode, AsciiText *out)
{
    out->clear();
    for (char32_t c : text) {
        if (c < 127) {
            out->append(char(c));
        } else if (!unicode || c > 0x10ffff) {
            return false;
        } else if (isUnicodeSpace(c)) {
            out->append(' ');
        } else if (QChar::category(c) == QChar::Number_DecimalDigit && QChar::digitValue(c) >= 0) {
            out->append(char('0' + QChar::digitValue(c)));
        } else {
            return false;
        }
    }
    return true;
}

bool parsePythonInt(const AsciiText &text, __int128 *value, bool *huge)
{
    const char *p = text.constData();
    const char *end = p + text.size();
    while (p < end && isSpace(*p))
        ++p;
    while (end > p && isSpace(end[-1]))
        --end;
    const bool negative = takeSign(&p, end);
    if (p == end || !isDigit(*p))
        return false;
    constexpr __int128 kLimit = __int128(1) << 100;
    __int128 v = 0;
    *huge = false;
    for (; p < end; ++p) {
        if (*p == '_') {
            if (p + 1 == end || !isDigit(p[1]))
                return false;
            continue;
        }
        if (!isDigit(*p))
            return false;
        if (!*huge) {
            v = v * 10 + (*p - '0');
            if (v > kLimit)
                *huge = true;
        }
    }
    *value = negative ? -v : v;
    return true;
}

bool parsePythonFloat(const AsciiText &text, double *value)
{
    const char *p = text.constData();
    const char *end = p + text.size();
    while (p < end && isSpace(*p))
        ++p;
    while (end > p && isSpace(end[-1]))
        --end;
    AsciiText stripped;
    stripped.append(p, end - p);
    AsciiText clean;
    if (!dropUnderscores(stripped, &clean))
        return false;
    const char *b = clean.constData();
    const char *e = b + clean.size();
    return b != e && prefixDouble(b, e, value) == e;
}

bool parsePythonComplex(const AsciiText &text, double *re, double *im)
{
    AsciiText clean;
    if (!dropUnderscores(text, &clean))
        return false;
    const char *s = clean.constData();
    const char *end = s + clean.size();
    while (s < end && isSpace(*s))
        ++s;
    bool bracket = false;
    if (s < end && *s == '(') {
        bracket = true;
        ++s;
        while (s < end && isSpace(*s))
            ++s;
    }
    double x = 0.0;
    double y = 0.0;
    double z = 0.0;
    const char *after = prefixDouble(s, end, &z);
    if (after != s) {
        s = after;
        if (s < end && (*s == '+' || *s == '-')) {
            // <float><signed-float>j or <float><sign>j
            x = z;
            after = prefixDouble(s, end, &y);
            if (after != s) {
                s = after;
            } else {
                y = *s == '+' ? 1.0 : -1.0;
                ++s;
            }
            if (s == end || (*s != 'j' && *s != 'J'))
                return false;
            ++s;
        } else if (s < end && (*s == 'j' || *s == 'J')) {
            ++s;
            y = z;
        } else {
            x = z;
        }
    } else {
        // <sign>j or j
        if (s < end && (*s == '+' || *s == '-')) {
            y = *s == '+' ? 1.0 : -1.0;
            ++s;
        } else {
            y = 1.0;
        }
        if (s == end || (*s != 'j' && *s != 'J'))
            return false;
        ++s;
    }
    while (s < end && isSpace(*s))
        ++s;
    if (bracket) {
        if (s == end || *s != ')')
            return false;
        ++s;
        while (s < end && isSpace(*s))
            ++s;
    }
    if (s != end)
        return false;
    *re = x;
    *im = y;
    return true;
}

bool parseNumpyLongDouble(const AsciiText &text, long double *value, bool *outOfRange)
{
    // A C string: it ends at the first NUL.
    const char *begin = text.constData();
    const char *end = static_cast<const char *>(std::memchr(begin, 0, size_t(text.size())));
    if (!end)
        end = begin + text.size();
    const char *s = begin;
    while (s < end && isSpace(*s))
        ++s;
    *outOfRange = false;
    const char *p = s;
    const bool negative = takeSign(&p, end);
    if (matchNoCase(p, end, "nan")) {
        p += 3;
        if (p < end && *p == '(') {
            ++p;
            while (p < end && (std::isalnum(static_cast<unsigned char>(*p)) || *p == '_'))
                ++p;
            if (p < end && *p == ')')
                ++p;
        }
        *value = std::numeric_limits<long double>::quiet_NaN();
        return p == end;
    }
    if (matchNoCase(p, end, "inf")) {
        p += 3;
        if (matchNoCase(p, end, "inity"))
            p += 5;
        *value = negative ? -std::numeric_limits<long double>::infinity() : std::numeric_limits<long double>::infinity();
        return p == end;
    }
    const QByteArray cstring(s, qsizetype(end - s));
    char *stop = nullptr;
    errno = 0;
    const long double v = strtold_l(cstring.constData(), &stop, cLocale());
    *outOfRange = errno == ERANGE;
    if (stop == cstring.constData() || *stop)
        return false;
    *value = v;
    return true;
}

} // namespace npy::cast
