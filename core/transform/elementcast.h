#pragma once

#include "castreport.h"
#include "dtype.h"
#include "result.h"

#include <QString>

namespace npy {

struct CastContext;

/**
 * The conversion of elements of one dtype into another, exactly as NumPy 1.24's `astype` does it on
 * x86-64: the same bytes, out-of-range values included.
 *
 * - Integers wrap (int32 to int16 keeps the low 16 bits); integers to floats round to nearest.
 * - Floats to integers truncate; NaN, ±inf and values out of range give what the machine's conversion
 *   instructions give, as NumPy's C loops reach them: through a 32-bit conversion for 8, 16 and 32-bit
 *   targets (INT_MIN when out of range, then the low bits), a 64-bit one for int64 and uint32, and the
 *   split at 2^63 for uint64; long double goes through the x87 unit (16-bit conversions for 8 and
 *   16-bit signed targets). float32/float64 (and complex64/128) to uint32 is vectorised in NumPy in
 *   blocks of four, with a different result for out-of-range values than its scalar tail: the element's
 *   position decides, as it does in NumPy (see create()).
 * - float16 rounds to nearest even as NumPy's own conversions do (long double goes through float32);
 *   complex to real keeps the real part; anything to bool is "not zero".
 * - datetime64 and timedelta64 convert between units as NumPy does (rounding down), between linear
 *   units (weeks and finer) and between years and months; NaT stays NaT. To and from numbers they are
 *   int64 counts (NaT is the lowest int64).
 * - S and U are cut or padded with zeros; U to S and S to U take ASCII text only (NumPy raises
 *   UnicodeEncodeError / UnicodeDecodeError otherwise): convert() then fails at that element.
 * - Numbers to S and U: str() of each value's NumPy scalar (`True`, `-5`, `0.1`, `1e+16`, `65500.0` for
 *   float16's 65504, `nan`, `-0.0`, `(1+2j)`, long doubles with their own shortest digits), cut to the
 *   target's length (the report counts each cut value as Cut). An unsized target has NumPy's length
 *   (see astypeResult()).
 * - S and U to numbers: what NumPy 1.24 gets by handing each element's scalar to Python: int() for bool
 *   and the integers (`' 12 '`, `'1_000'`, Unicode digits in U; then stored as NumPy stores a Python int:
 *   wrapped into the narrow types, OverflowError beyond a C long), float() for float16/32/64 (`'1e3'`,
 *   `'-inf'`, `'nan'`; through float64), complex() for complex (`'(1+2j)'`, `'j'`; S decoded as UTF-8),
 *   and NumPy's own strtold reader for long double (hex floats, `nan(...)`, no white space after). A
 *   text they refuse makes convert() fail at that element (the report's failedText says why); a value
 *   that wrapped or became infinite counts as Overflow; nothing else is reported.
 * datetime64 and timedelta64 to and from text, and structs, void and object are not supported (create()
 * says so).
 *
 * Elements are read and written at any alignment in their dtype's byte order. Long double elements
 * are written with zero padding (NumPy leaves whatever its buffer held in the 6 bytes beyond the 10
 * that hold the value).
 */
class ElementCast
{
public:
    ElementCast();
    ~ElementCast();
    ElementCast(const ElementCast &other);
    ElementCast &operator=(const ElementCast &other);

    /**
     * The cast from \a from to \a to (resolved: see astypeResult()) of an array of \a total elements.
     * \a total is NumPy's loop length, which decides for float to uint32 which elements take the
     * vectorised path (NumPy casts a contiguous array in one loop; with a byte swap on either side, in
     * loops of 128 elements). Fails for the pairs not supported (see the class comment).
     */
    [[nodiscard]] static Result<ElementCast> create(const DType &from, const DType &to, qint64 total);

    [[nodiscard]] const DType &from() const { return mFrom; }
    [[nodiscard]] const DType &to() const { return mTo; }
    /** True when the bytes are copied as they are (the same dtype). */
    [[nodiscard]] bool isCopy() const;

    /**
     * Converts \a count elements at \a src (consecutive, from()'s itemsize apart) into \a dst (to()'s
     * itemsize apart); \a position is the first element's index in the array (its place in memory order),
     * which positions the report's entries and decides NumPy's vectorised path. Adds what changed to
     * \a report when given. False when an element cannot be converted at all (non-ASCII text): then
     * \a failedAt holds its position and failure() says why; the elements before it are converted.
     */
    [[nodiscard]] bool convert(const uchar *src, uchar *dst, qint64 count, qint64 position, CastReport *report,
                               qint64 *failedAt = nullptr) const;

    /**
     * Why convert() failed: "it holds a character that is not ASCII". For text to numbers, the report
     * given to convert() says more of the element (CastReport::failedText).
     */
    [[nodiscard]] QString failure() const;

    /** True when casting \a from to \a to can fail on some values (convert() returning false): text to another kind. */
    [[nodiscard]] static bool canFail(const DType &from, const DType &to);

private:
    DType mFrom;
    DType mTo;
    CastContext *mContext = nullptr;
};

} // namespace npy
