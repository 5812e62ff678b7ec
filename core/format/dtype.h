#pragma once

#include <QList>
#include <QString>

#include <vector>

namespace npy {

struct Field;

/** The kind of a NumPy element type, as `dtype.kind` names it (Struct is a void type with fields). */
enum class Kind : char {
    Bool = 'b',
    Int = 'i',
    UInt = 'u',
    Float = 'f',
    Complex = 'c',
    Bytes = 'S',
    Unicode = 'U',
    Void = 'V',
    DateTime = 'M',
    TimeDelta = 'm',
    Object = 'O',
    Struct = 'T',
};

/**
 * A NumPy element type: what `np.dtype` describes, for every dtype `np.save` writes.
 *
 * Byte order is '<' (little), '>' (big) or '|' (not applicable: one-byte types, strings of bytes,
 * void, struct). Sizes are in bytes. For Struct, fields keep their byte offsets; gaps between
 * them are padding, and descr() writes them back as NumPy does (`('', '|V3')`).
 */
struct DType
{
    Kind kind = Kind::Void;
    char byteOrder = '|';
    qint64 itemSize = 0;
    /** Datetime and timedelta unit ("" for generic, else Y M W D h m s ms us ns ps fs as). */
    QString unit;
    /** The multiplier of the unit: 10 in `m8[10ms]`. */
    qint64 unitCount = 1;
    /** The fields of a Struct, in the order the descr lists them. */
    std::vector<Field> fields;

    /** True when the data is in big-endian order on this little-endian host (or the reverse). */
    [[nodiscard]] bool needsSwap() const;
    /** True for kinds whose elements are numbers (bool, ints, floats, complex, datetimes). */
    [[nodiscard]] bool isNumeric() const;
    /** The size of one scalar component to byte-swap: the itemsize, half of it for complex, 4 for U. */
    [[nodiscard]] qint64 swapUnit() const;
    /** The type string as NumPy writes it for a non-struct type: `<f8`, `|S5`, `<M8[10ms]`. */
    [[nodiscard]] QString typeString() const;
    /** The descr exactly as `np.save` writes it into a header (Python repr; a list for structs). */
    [[nodiscard]] QString descr() const;
    /** A short human name: "float64", "int8", "datetime64[s]", "struct (3 fields)". */
    [[nodiscard]] QString displayName() const;

    /** Parses a simple type string such as `<f8`, `|S5`, `>m8[10ms]`, `|O`. Empty on failure. */
    static bool fromTypeString(const QString &text, DType *out, QString *error);

    bool operator==(const DType &other) const;
    bool operator!=(const DType &other) const { return !(*this == other); }
};

/** A field of a struct dtype. */
struct Field
{
    QString name;
    /** The field's title, empty when it has none (descr form `(('title', 'name'), fmt)`). */
    QString title;
    DType type;
    /** The subarray shape of the field (all levels combined), empty when it holds one element. */
    QList<qint64> shape;
    /**
     * How many trailing dimensions of shape each nested subarray format holds, outermost first:
     * `('c', ('<f8', (5,)), (2,))` has shape (2, 5) and nestedDims {1}. Empty in the usual case.
     */
    QList<int> nestedDims;
    qint64 offset = 0;

    /** Bytes the field occupies: the element size times the subarray element count. */
    [[nodiscard]] qint64 size() const;
    bool operator==(const Field &other) const;
};

/**
 * One leaf of a (possibly nested) dtype: the columns a table shows for a struct.
 * Nested fields are named `a.b`, subarray elements `m[0,1]`; a plain dtype gives one leaf named "".
 */
struct LeafColumn
{
    QString name;
    DType type;
    qint64 offset = 0;
};

/** Flattens a dtype into its leaf columns, in descr order (padding is not a column). */
[[nodiscard]] QList<LeafColumn> leafColumns(const DType &type);

/** Python's repr() of a str: the quoting and escapes NumPy's header text uses. */
[[nodiscard]] QString pyRepr(const QString &text);
/** Python's repr() of a tuple of ints: `()`, `(3,)`, `(2, 3)`. */
[[nodiscard]] QString pyTupleRepr(const QList<qint64> &values);

} // namespace npy
