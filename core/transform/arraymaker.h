#pragma once

// New arrays as NumPy makes them: np.zeros, np.ones, np.full, np.arange, np.linspace and np.identity, from
// what a user typed (a dtype and a shape as NumPy writes them, numbers as Python reads them).

#include "npyarray.h"
#include "result.h"
#include "source.h"

#include <QList>
#include <QString>

#include <memory>

namespace npy {

/** The NumPy function that makes a new array. */
enum class MakeKind { Zeros, Ones, Full, Arange, Linspace, Identity };

/**
 * What a user typed for a new array: every field is text, as it would be written in Python, and is
 * checked by ArrayMaker::create(). Only the fields of the kind are read.
 */
struct MakeSpec
{
    MakeKind kind = MakeKind::Zeros;
    /** As np.dtype() takes it: `float64`, `'<i4'`, `int16`, `bool`, `complex128`, `'S8'`, `U4`, `datetime64[s]`. */
    QString dtype;
    /** zeros, ones, full: `(3, 4)`, `5`, `()`. */
    QString shape;
    /** full: the fill value (`1.5`, `-3`, `1+2j`, `True`, `nan`; text for S and U; a date for datetime64). */
    QString value;
    /** arange (empty: 0) and linspace: a Python int or float (arange of datetime64: a date or a count). */
    QString start;
    /** arange and linspace. */
    QString stop;
    /** arange (empty: 1). */
    QString step;
    /** linspace: the number of samples (empty: 50). */
    QString num;
    /** linspace: whether stop is the last sample. */
    bool endpoint = true;
    /** identity: the number of rows and columns. */
    QString n;
};

/**
 * Parses a dtype as np.dtype() takes it from a user: a type string (`<f8`, `i4`, `|S5`, `M8[ms]`), with or
 * without quotes, or a name (`float32`, `np.int8`, `uint16`, `bool`, `int`, `float`, `complex`, `double`,
 * `complex128`, `longdouble`, `datetime64[s]`, `timedelta64[ms]`, `str`, `bytes`), also as `np.dtype('...')`.
 * An unsized S or U is S1 or U1, as np.empty() makes it. Structs, void, object and datetimes without a unit
 * are refused, saying why.
 */
[[nodiscard]] Result<DType> parseDTypeText(const QString &text);

/**
 * Parses a shape as NumPy writes one: `(3, 4)`, `(5,)`, `5`, `()`, `[2, 3]`, `3, 4`. Dimensions are
 * non-negative integers, at most kMaxDims of them; fails saying what is wrong.
 */
[[nodiscard]] Result<QList<qint64>> parseShapeText(const QString &text);

/**
 * A new array, checked and ready to be made: the exact values NumPy 1.24 gives (the tests compare them bit
 * for bit with NumPy's) for
 *
 * - `np.zeros(shape, dtype)`: all bytes zero (0, False, b'', '', 1970-01-01, 0 seconds);
 * - `np.ones(shape, dtype)` and `np.identity(n, dtype)`: the element 1 cast as NumPy casts the Python int 1
 *   (`b'1'` for S, 1 unit for datetime64);
 * - `np.full(shape, value, dtype)`: the value read as Python reads the literal (an int, a float, a complex, a
 *   bool; the text itself for S and U; a date or a count for datetime64), cast as np.full casts it. A value
 *   the cast cannot keep (300 in int8, NaN or infinity to an integer, an imaginary part to a real type) is
 *   refused rather than wrapped;
 * - `np.arange(start, stop, step, dtype)`: NumPy's length, `ceil((stop - start) / step)` in Python's
 *   arithmetic, its first two values set from start and start + step, the others `start + i * delta` in the
 *   dtype's own arithmetic (float32 in float32, float16 through float32), NumPy's datetime arange for
 *   datetime64 and timedelta64; integer results that would wrap are refused, as are S, U and bool results
 *   longer than two (NumPy's own refusal);
 * - `np.linspace(start, stop, num, endpoint, dtype)`: as NumPy 1.24 computes it in float64 (complex128 for
 *   complex bounds): `step = (stop - start) / div`, `y = arange(num) * step + start`, the last value `stop`
 *   when endpoint, floored for an integer dtype, then cast to the dtype; string dtypes are refused.
 *
 * A value (cheap to copy): create() reads and checks everything, fill() and make() compute the elements.
 */
class ArrayMaker
{
public:
    /**
     * Checks \a spec and returns the maker of its array, or why not ("arange: the step cannot be zero",
     * "full: 300 is out of range for int8"). Fails when the array would take more than \a maxBytes.
     */
    [[nodiscard]] static Result<ArrayMaker> create(const MakeSpec &spec, qint64 maxBytes);

    /** The new array's dtype, shape (C order), element count and byte size (dataOffset 0). */
    [[nodiscard]] const NpyHeader &header() const;
    /** The NumPy call that makes the same array: `np.arange(0, 10, 2, dtype='<i4')`. */
    [[nodiscard]] QString expression() const;
    /**
     * Writes the \a count elements from C-order index \a first (within the array) at \a dst, in the dtype's
     * byte order. Any range gives the bytes those elements have in the whole array.
     */
    void fill(uchar *dst, qint64 first, qint64 count) const;
    /** The first values as NumPy prints a list of them, at most \a count: `[0.0, 0.25, 0.5, …]`. */
    [[nodiscard]] QString preview(int count) const;
    /** The whole array in memory; fails when memory runs out or \a progress cancels. */
    [[nodiscard]] Result<NpyArray> make(const Progress &progress = {}) const;

    struct State;

private:
    ArrayMaker() = default;
    std::shared_ptr<const State> mState;
};

} // namespace npy
