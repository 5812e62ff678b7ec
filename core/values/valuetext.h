#pragma once

#include "dtype.h"

#include <QByteArray>
#include <QString>

namespace npy {

/** How numbers are written; the default is NumPy's own repr (shortest round-trip). */
struct FormatOptions
{
    enum class Notation { Auto, Fixed, Scientific };
    Notation notation = Notation::Auto;
    /** Digits after the point for Fixed/Scientific (and significant digits cap for Auto); -1 = shortest round-trip. */
    int precision = -1;
    /** Integers (and bools as 0/1 no) in hexadecimal `0x..`. */
    bool hexIntegers = false;
};

/**
 * The text of one element as NumPy prints it (`str()` of the scalar): floats in shortest
 * round-trip form (`0.1`, `1e-300`, `nan`, `-inf`, `-0.0`), complex `(1+2j)`, exact integers,
 * `True`/`False`, bytes as `b'..'`, str as its text, datetimes in ISO form, `NaT`.
 *
 * \a type must not be a struct (use leafColumns()). \a data points at itemSize bytes in the
 * dtype's byte order, at any alignment. Never fails: odd content (a code point above U+10FFFF)
 * is shown escaped.
 *
 * Matches NumPy 1.24 exactly except where NumPy itself breaks down:
 * - the sign of a NaN is never shown (as in NumPy); any non-zero bool byte is `True`;
 * - x87 encodings that are not numbers (unnormals, pseudo-NaN/infinity) show as `nan`;
 * - datetimes and timedeltas use exact 128-bit arithmetic: where NumPy's int64 `count * multiplier`
 *   or date arithmetic overflows (`M8[Y]` at INT64_MAX, `m8[10ms]` near the ends, `M8[W]` beyond
 *   ~2.5e16 years) the true date or product is shown instead of NumPy's wrapped one;
 * - a non-NaT datetime with the generic unit (NumPy refuses to print it) shows its bare count;
 * - U code units that are not characters show as `\UXXXXXXXX` (above U+10FFFF) or `\udXXX`
 *   (surrogates); parseValue() reads those escapes back.
 * Object and struct values give the placeholders `<object>` and `<struct>`.
 */
[[nodiscard]] QString formatValue(const DType &type, const uchar *data, const FormatOptions &options = {});

/**
 * What NumPy 1.24's `str()` prints for one element: formatValue() for plain types; for a record `(f1, f2, ...)`
 * (`(f1,)` for one field) with each field as NumPy prints a record's fields: floats as the array printer does
 * (`0.`, `1.5`, `1.e+20`, at most 8 digits after the point, scientific from 1e8 and below 1e-4), complex `1.+2.j`,
 * str and datetimes quoted (`'pt0000'`, `'2020-01-01'`), bytes `b'..'`, timedeltas as their count, nested records
 * in parentheses, subarrays as lists padded as NumPy pads them (`[1.5, 2. ]`). Long doubles are printed through
 * double.
 */
[[nodiscard]] QString numpyStr(const DType &type, const uchar *data);

/**
 * Parses \a text as a value of \a type into itemSize bytes in the dtype's byte order.
 * Returns false and a reason ("300 does not fit in uint8 (0..255)") when the text is not a valid
 * value: integer range, `nan`/`inf`, complex forms, `True`/`False`/`1`/`0`, S/U length limits,
 * datetimes in the dtype's unit. formatValue() output always parses back to the same bytes
 * (a NaN to some NaN; the 6 padding bytes of an x87 long double are written as zeros).
 * \a out is left untouched on failure. Independent of the process locale.
 *
 * Accepted forms, beyond formatValue()'s own output:
 * - ints: optional sign, decimal or `0x` hex (`-0x1f`);
 * - floats: anything strtod reads (`1e-5`, `0x1.8p3`, `Infinity`, `NaN`); a finite value that
 *   overflows the type is refused ("1e6 is out of range for float16 (max 65504)"), an underflow
 *   rounds to zero or a subnormal as NumPy does;
 * - complex: `(1+2j)`, `1+2j`, `2j`, `3`, `1-j`, with nan/inf parts;
 * - bool: True/False in any case, 1/0;
 * - S: a Python literal `b'..'` / `b".."` with its escapes, or bare text stored as Latin-1;
 *   V: the same literal or bare hex; both are padded with NUL bytes to the item size;
 * - U: bare text, at most itemSize/4 code points;
 * - datetimes: ISO `[-]YYYY[-MM[-DD[Thh[:mm[:ss[.fff...]]]]]]` (a space for the `T`, a trailing
 *   `Z`), coarser or finer than the unit but only when exactly representable
 *   (`2020-01-01T10:30` is refused for `M8[D]`); `NaT` in any case; a bare count for generic units;
 * - timedeltas: `5`, `5 seconds`, `1 day`, `2 s`, `NaT`: a bare number is in the unit shown by
 *   formatValue() (for `m8[10ms]`, `30` means 30 milliseconds); other units convert when exact.
 */
[[nodiscard]] bool parseValue(const DType &type, const QString &text, QByteArray *out, QString *why);

/** The element as a double (real part for complex, count for datetimes, NaN for NaT and non-numbers). */
[[nodiscard]] double valueToDouble(const DType &type, const uchar *data);

/** \a v rounded to the nearest float16 value (ties to even; out of range gives ±inf), as a double. */
[[nodiscard]] double roundToHalf(double v);

} // namespace npy
