#pragma once

#include "dtype.h"
#include "result.h"

#include <QByteArray>
#include <QList>

namespace npy {

/** The magic string every `.npy` starts with. */
inline constexpr char kNpyMagic[] = "\x93NUMPY";
inline constexpr int kNpyMagicLength = 6;
/** The most header text accepted (NumPy refuses over 10000 characters by default; we take far more). */
inline constexpr qint64 kMaxHeaderLength = 16 * 1024 * 1024;
/** The most dimensions accepted (NumPy 2's NPY_MAXDIMS). */
inline constexpr int kMaxDims = 64;
/** The most spaces np.save puts after a header's dict: 20 for the growth of the shape, 64 to align the data. */
inline constexpr int kMaxLayoutPadding = 84;

/** What the header of a `.npy` (file or `.npz` member) says. */
struct NpyHeader
{
    int major = 1;
    int minor = 0;
    DType dtype;
    QList<qint64> shape;
    bool fortranOrder = false;
    /** Byte offset of the array data from the start of the `.npy` stream. */
    qint64 dataOffset = 0;
    /** prod(shape); 1 for 0-d. */
    qint64 elementCount = 1;
    /** elementCount * itemSize; the number of data bytes that must follow the header. */
    qint64 dataBytes = 0;
    /**
     * True when the header text is laid out as np.save (of any NumPy version) writes it: `{'descr': D,
     * 'fortran_order': B, 'shape': S, }`, D the descr as NumPy spells it (a record type's list without double
     * quotes, escapes or comments), B `True` or `False`, S the tuple as Python prints it, then at most
     * kMaxLayoutPadding spaces and one `\n`. False for headers NumPy reads but never writes (double quotes, `0x2`,
     * `+2`, `2L`, comments, tabs, '|f4', thousands of spaces) and for headers not parsed from a file. Such
     * headers are read all the same; only what must refuse anything unusual (npy-tool thumbnail) asks.
     */
    bool numpyLayout = false;

    /** True for object (pickled) arrays, which are never loaded. */
    [[nodiscard]] bool isPickled() const { return dtype.kind == Kind::Object; }
    [[nodiscard]] QString shapeText() const { return pyTupleRepr(shape); }
};

/** The outcome of parsing the start of a `.npy` stream. */
enum class HeaderParse { Ok, NeedMore, Error };

/**
 * Parses the preamble and header at the start of \a data (\a size bytes available).
 *
 * Returns NeedMore with \a needed set to the total byte count required when \a size is too small
 * (a caller inflating an `.npz` member reads that many and calls again). Returns Error with a
 * message naming the byte offset or header key. Checks every size with 64-bit overflow checks;
 * never allocates more than the header text itself. Does not look at the data.
 */
[[nodiscard]] HeaderParse parseNpyHeader(const char *data, qint64 size, NpyHeader *out, QString *error,
                                         qint64 *needed = nullptr);

/**
 * Builds a dtype from a header's descr value (a type string or a struct list), as NumPy's
 * descr_to_dtype does: padding fields (`''` named plain void) are dropped and the others laid out
 * sequentially. Returns false with a message on anything NumPy would refuse or we do not support.
 */
[[nodiscard]] bool dtypeFromDescrText(const QString &descrText, DType *out, QString *error);

/**
 * The complete header bytes (magic, version, length, text, padding, `\n`) that `np.save` of
 * NumPy >= 1.24 writes for this dtype, shape and order: sorted keys, growth padding of 21 digits,
 * data aligned to 64 bytes, the smallest version that fits. Fails only when the header would
 * exceed 4 GiB.
 */
[[nodiscard]] Result<QByteArray> buildNpyHeader(const DType &dtype, const QList<qint64> &shape,
                                                bool fortranOrder);

/** Checked element count and byte size of an array; false on overflow of qint64 (NumPy's rule). */
[[nodiscard]] bool arraySize(const QList<qint64> &shape, qint64 itemSize, qint64 *elements, qint64 *bytes);

} // namespace npy
