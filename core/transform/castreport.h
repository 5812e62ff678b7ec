#pragma once

#include <QString>
#include <QtGlobal>

namespace npy {

/** What a cast did to one element that did not come through unchanged. */
enum class CastChange : quint8 {
    None,
    Overflow,  ///< out of the target's range: an integer wrapped, a finite float became ±inf or an integer
               ///< out of range, a value other than 0 or 1 became a bool, a datetime overflowed
    NaN,       ///< NaN (or NaT) became an integer or a bool
    Infinity,  ///< ±inf became an integer
    Imaginary, ///< a complex value with a nonzero imaginary part became a real one
    Precision, ///< rounded: a fraction dropped, float digits lost, a datetime to a coarser unit
    Cut,       ///< a string was cut short
};

/**
 * What a cast changes, element by element: how many values of each kind of change and where the
 * first one is. Each element counts once, under its most telling change (NaN, infinity, overflow,
 * imaginary part, precision, cut, in that order). ElementCast::convert() fills it while it converts;
 * a check is a conversion whose output is thrown away.
 */
struct CastReport
{
    /** Elements looked at. */
    qint64 count = 0;
    qint64 overflow = 0;
    qint64 nan = 0;
    qint64 infinity = 0;
    qint64 imaginary = 0;
    qint64 precision = 0;
    qint64 cut = 0;
    /**
     * The lowest position (the element's index in the order the data is stored: C order for a C-ordered
     * array, Fortran order for a Fortran-ordered one) of a changed element, -1 when none changed.
     */
    qint64 firstPosition = -1;
    /** The change of the element at firstPosition. */
    CastChange firstChange = CastChange::None;
    /** The position of an element that could not be converted at all (text that is not ASCII), or -1. */
    qint64 failedPosition = -1;
    /**
     * Why that element could not be converted, when the kernel knows more than ElementCast::failure():
     * "'abc' is not a number (NumPy's float() raises ValueError)". Empty otherwise.
     */
    QString failedText;

    /** The number of elements that changed. */
    [[nodiscard]] qint64 changed() const { return overflow + nan + infinity + imaginary + precision + cut; }
    /** Counts one element at \a position changed by \a change (None is ignored). */
    void note(CastChange change, qint64 position);
    /** Adds \a other (a report of other elements of the same cast) to this one. */
    void merge(const CastReport &other);
    /**
     * The changes in words, most telling first: "3 values out of range, 1 NaN to integer, 12 rounded";
     * empty when nothing changed.
     */
    [[nodiscard]] QString summary() const;
    /** One change in words: "out of range", "NaN to integer", ... */
    [[nodiscard]] static QString changeName(CastChange change);
};

} // namespace npy
