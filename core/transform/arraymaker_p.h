#pragma once

// What the files of ArrayMaker share: numbers as Python reads them, and the plans of arange and linspace.
// Private to transform/.

#include "arraymaker.h"
#include "elementcast.h"

#include <QByteArray>
#include <QCoreApplication>

#include <optional>

namespace npy {

class MakerTr
{
    Q_DECLARE_TR_FUNCTIONS(npy::ArrayMaker)
};

/** A number as Python reads a literal: a bool, an int (within uint64), a float or a complex. */
struct PyNumber
{
    enum class Type { Bool, Int, UInt, Float, Complex };
    Type type = Type::Int;
    /** Bool (0 or 1) and Int. */
    qint64 i = 0;
    /** UInt: an int above the int64 range. */
    quint64 u = 0;
    /** Float, and Complex with im. */
    double re = 0;
    double im = 0;

    [[nodiscard]] bool isInteger() const { return type == Type::Bool || type == Type::Int; }
    /** The value as Python's float() gives it (the real part of a complex). */
    [[nodiscard]] double real() const;
    /** Python's repr(): `3`, `-0.5`, `(1+2j)`, `True`, `inf`. */
    [[nodiscard]] QString repr() const;
    /** The dtype np.asarray() gives the value: bool, int64, uint64, float64 or complex128 (native order). */
    [[nodiscard]] DType dtype() const;
    /** The value's bytes in dtype(). */
    [[nodiscard]] QByteArray bytes() const;
};

/**
 * Reads \a text as a Python number literal: ints (decimal, `0x`, `0o`, `0b`, underscores), floats (`1.5`,
 * `1e-3`, `.5`), complex (`2j`, `1+2j`, `(1-2.5j)`), `True` / `False`, and the names `inf`, `nan`, `np.inf`,
 * `np.nan`, `np.pi`, `np.e` with a sign. \a what names the field in the message of a failure.
 */
[[nodiscard]] Result<PyNumber> parsePyNumber(const QString &text, const QString &what);

/**
 * A complex number as Python reads it: as a literal (\a stringForm false: `-2j` is -(2j), `1-0j` is
 * 1 - 0j, Python's arithmetic decides the signs of zero parts), or as complex('...') reads its string (the parts'
 * signs as written). `(1+2j)`, `2.5j`, `1e3-4j`. False when \a text is not one.
 */
[[nodiscard]] bool parseComplexText(const QString &text, bool stringForm, PyNumber *out);

/** \a text without one pair of enclosing quotes (`'abc'`, `"abc"`), trimmed. */
[[nodiscard]] QString unquoted(const QString &text);

/** How the elements of an arange or a linspace are computed (arraymakerrange.cpp). */
struct RangePlan
{
    enum class Mode {
        Bool,     ///< arange to bool: at most two values, start and start + step as truth values
        Integer,  ///< arange to an integer type: exact values start + i * delta
        Real,     ///< arange to a float or complex type, in the type's own arithmetic
        Time,     ///< arange of datetime64 / timedelta64 counts
        Linspace, ///< linspace in float64 or complex128, then cast
    };
    Mode mode = Mode::Integer;
    qint64 length = 0;
    // Bool
    bool first = false;
    bool second = false;
    // Integer
    __int128 istart = 0;
    __int128 idelta = 0;
    // Real: the type's values of start and start + step, and delta = next - start in its arithmetic
    long double rstart = 0;
    long double rnext = 0;
    long double rdelta = 0;
    // Time
    qint64 tstart = 0;
    qint64 tstep = 0;
    // Linspace ([0] real, [1] imaginary part)
    bool complex = false;
    double start[2] = {0, 0};
    double stop[2] = {0, 0};
    double step[2] = {0, 0};
    double delta[2] = {0, 0};
    qint64 div = 0;
    bool stepZero = false;
    bool endpoint = true;
    bool floor = false;
    std::optional<ElementCast> cast;
};

struct ArrayMaker::State
{
    MakeKind kind = MakeKind::Zeros;
    NpyHeader header;
    QString expression;
    /** ones, full, identity: the element written (identity: on the diagonal). */
    QByteArray one;
    RangePlan range;
};

/** Plans `np.arange(start, stop, step, dtype=type)`; sets \a expression. */
[[nodiscard]] Result<RangePlan> planArange(const MakeSpec &spec, const DType &type, QString *expression);
/** Plans `np.linspace(start, stop, num, endpoint, dtype=type)`; sets \a expression. */
[[nodiscard]] Result<RangePlan> planLinspace(const MakeSpec &spec, const DType &type, QString *expression);
/** Writes elements [first, first + count) of the plan's array at \a dst in \a type (its byte order). */
void fillRange(const RangePlan &plan, const DType &type, uchar *dst, qint64 first, qint64 count);

/** Reverses every swapUnit() bytes of \a count elements of \a type at \a p (native to file order). */
void swapElements(const DType &type, uchar *p, qint64 count);

} // namespace npy
