#pragma once

// The one element decoder of the engine: every question asked of an array's values (formatting,
// statistics, heatmap sampling and ranges, reductions) reads elements through the loaders and
// readers here, so byte order, alignment and the dtype switch are handled in one place.

#include "dtype.h"
#include "elementload.h"
#include "npyarray.h"
#include "result.h"
#include "slicespec.h"

#include <QString>

#include <cstring>

namespace npy {

/** Which number a complex element is read as. */
enum class ComplexPart { Magnitude, Phase, Real, Imag };

namespace elements {

/** A real element of C type \a T as a double. */
template <typename T, bool Swap>
struct ReadReal
{
    double operator()(const uchar *p) const { return double(load<T, Swap>(p)); }
};

struct ReadBool
{
    double operator()(const uchar *p) const { return *p ? 1.0 : 0.0; }
};

/** Any other type with a value: half, long double, datetimes (NaT as NaN); through valueToDouble(). */
struct ReadGeneric
{
    DType type;
    double operator()(const uchar *p) const;
};

double complexPart(double re, double im, ComplexPart part);

template <typename T, bool Swap>
struct ReadComplex
{
    ComplexPart part;
    double operator()(const uchar *p) const
    {
        return complexPart(double(load<T, Swap>(p)), double(load<T, Swap>(p + sizeof(T))), part);
    }
};

struct ReadGenericComplex
{
    DType half;
    ComplexPart part;
    double operator()(const uchar *p) const;
};

} // namespace elements

/** True for the kinds whose elements have a number: bool, integers, floats, complex, datetimes. */
[[nodiscard]] bool hasNumericValue(const DType &type);

/**
 * Calls \a f once with the fastest reader for \a type (which must have hasNumericValue()): a
 * functor `double operator()(const uchar *element)` reading one element at any alignment in the
 * dtype's byte order. Loops templated on the reader cost one load (and a byte swap) per element
 * for the common types. Complex elements are read as \a part; NaT reads as NaN.
 */
template <class F>
void withElementReader(const DType &type, ComplexPart part, F &&f)
{
    using namespace elements;
    const bool swap = type.needsSwap();
#define NPY_READ(T) (swap ? f(ReadReal<T, true>{}) : f(ReadReal<T, false>{}))
#define NPY_READC(T) (swap ? f(ReadComplex<T, true>{part}) : f(ReadComplex<T, false>{part}))
    switch (type.kind) {
    case Kind::Bool:
        f(ReadBool{});
        return;
    case Kind::Int:
        switch (type.itemSize) {
        case 1: f(ReadReal<qint8, false>{}); return;
        case 2: NPY_READ(qint16); return;
        case 4: NPY_READ(qint32); return;
        case 8: NPY_READ(qint64); return;
        }
        break;
    case Kind::UInt:
        switch (type.itemSize) {
        case 1: f(ReadReal<quint8, false>{}); return;
        case 2: NPY_READ(quint16); return;
        case 4: NPY_READ(quint32); return;
        case 8: NPY_READ(quint64); return;
        }
        break;
    case Kind::Float:
        switch (type.itemSize) {
        case 4: NPY_READ(float); return;
        case 8: NPY_READ(double); return;
        }
        break;
    case Kind::Complex: {
        switch (type.itemSize) {
        case 8: NPY_READC(float); return;
        case 16: NPY_READC(double); return;
        }
        DType half = type;
        half.kind = Kind::Float;
        half.itemSize = type.itemSize / 2;
        f(ReadGenericComplex{half, part});
        return;
    }
    default:
        break;
    }
#undef NPY_READ
#undef NPY_READC
    f(ReadGeneric{type});
}

/** One element as a double through withElementReader() (NaN for types without a number). */
[[nodiscard]] double elementValue(const DType &type, const uchar *data, ComplexPart part = ComplexPart::Real);

/**
 * Read access to the elements of one 2-D slice: element (row, col) of the slice chosen by a
 * SliceSpec (struct leaf applied). Holds a copy of the array (cheap: the bytes are shared), so it
 * stays valid while the caller edits its own copy. The slice geometry of every view is computed
 * here (base pointer and the byte strides of rows and columns).
 */
class SliceAccess
{
public:
    SliceAccess() = default;

    /**
     * Resolves \a spec on \a array. Fails with "cannot draw dtype X" for strings, bytes, void,
     * objects and structs without a chosen field, and for specs that do not fit the array.
     * A spec with colAxis -1 gives one column, rowAxis -1 (0-d) one row.
     */
    [[nodiscard]] static Result<SliceAccess> create(const NpyArray &array, const SliceSpec &spec,
                                                    ComplexPart part = ComplexPart::Magnitude);

    [[nodiscard]] qint64 rows() const { return mRows; }
    [[nodiscard]] qint64 cols() const { return mCols; }
    /** The element type read (the struct leaf's type). */
    [[nodiscard]] const DType &type() const { return mType; }
    [[nodiscard]] ComplexPart complexPart() const { return mPart; }
    [[nodiscard]] bool isBool() const { return mType.kind == Kind::Bool; }
    [[nodiscard]] bool isComplex() const { return mType.kind == Kind::Complex; }
    /** Pointer to element (\a row, \a col): itemSize bytes in the dtype's byte order, maybe unaligned. */
    [[nodiscard]] const uchar *element(qint64 row, qint64 col) const { return mBase + row * mRowStride + col * mColStride; }
    /** Element (\a row, \a col) as a number (a complex element in the chosen part); NaN outside. */
    [[nodiscard]] double value(qint64 row, qint64 col) const;
    /** Element (\a row, \a col) as NumPy prints it (formatValue); empty outside. */
    [[nodiscard]] QString text(qint64 row, qint64 col) const;
    /** Byte distance between rows and between columns of the slice. */
    [[nodiscard]] qint64 rowStride() const { return mRowStride; }
    [[nodiscard]] qint64 colStride() const { return mColStride; }
    /** True when the elements are read from a memory map of the file. */
    [[nodiscard]] bool isMapped() const { return mMapped; }
    /**
     * True when they are read from a read-only map of the file (no edit made a private copy):
     * pages read may then be dropped from this process (the page cache keeps them).
     */
    [[nodiscard]] bool isReadOnlyMap() const { return mReadOnlyMap; }

private:
    NpyArray mArray;
    DType mType;
    ComplexPart mPart = ComplexPart::Magnitude;
    const uchar *mBase = nullptr;
    qint64 mRows = 0;
    qint64 mCols = 0;
    qint64 mRowStride = 0;
    qint64 mColStride = 0;
    bool mMapped = false;
    bool mReadOnlyMap = false;
};

} // namespace npy
