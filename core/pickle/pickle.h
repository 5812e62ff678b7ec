#pragma once

#include "dtype.h"
#include "npyarray.h"
#include "result.h"
#include "sparsematrix.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace npy {

class Source;

/** What one value read from a pickle is. */
enum class PickleType {
    None,
    Bool,
    Int,       ///< any size: intText holds the exact decimal digits
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    List,
    Tuple,
    Dict,      ///< items hold key, value, key, value... in insertion order (OrderedDict too)
    Set,
    FrozenSet,
    NdArray,   ///< dtype, shape, fortranOrder; data (plain dtypes) or items in C order (object dtype)
    Scalar,    ///< a NumPy scalar: dtype and its raw bytes in data
    DType,     ///< a numpy.dtype object standing as a value
    Global,    ///< a harmless builtin (a type such as `range`) standing as a value, never called: text is
               ///< its module, name its name, both as Python 3 resolves them (`__builtin__.xrange` is builtins.range)
    Instance,  ///< an object of an allow-listed class (SciPy's sparse matrices), never constructed: text is its
               ///< class (`scipy.sparse._csr.csr_matrix`), items its state (its __dict__) as key, value, ... pairs
};

/** One value of a pickle read as data. Children are indexes into PickleTree::nodes(). */
struct PickleNode
{
    PickleType type = PickleType::None;
    bool boolValue = false;
    /** Int: the exact value in decimal ("-12", "340282366920938463463374607431768211456"). */
    QByteArray intText;
    /** Float, or the real part of Complex. */
    double real = 0;
    double imag = 0;
    /** Str; the module of a Global. */
    QString text;
    /** Global: the name in its module (`range`). */
    QString name;
    /** Bytes, ByteArray; the raw element bytes of a plain NdArray or of a Scalar. */
    QByteArray data;
    /** List, Tuple, Set, FrozenSet, object NdArray: the elements; Dict: key, value pairs flattened. */
    std::vector<qint32> items;
    /** NdArray, Scalar, DType. */
    DType dtype;
    QList<qint64> shape;
    /** NdArray: the data is in Fortran order (as `np.save` of it would record). */
    bool fortranOrder = false;
    /** Byte offset in the pickle of the opcode that made this value (for messages). */
    qint64 offset = 0;
};

/** The bounds every read observes; refusing is always preferred to exhausting memory or time. */
struct PickleLimits
{
    /** Deepest nesting of containers (the root counts as 1). */
    int maxDepth = 1000;
    /** Values in the tree once every shared reference is expanded (a memo bomb stops here). */
    qint64 maxExpandedNodes = 1000000;
    /** Bytes of text, bytes and scalars once every shared reference is expanded (what JSON shows). */
    qint64 maxExpandedBytes = qint64(256) << 20;
    /** Bytes of ndarray data once every shared reference is expanded (what export writes); at
     *  least four times the pickle's own size is always allowed. */
    qint64 maxExpandedArrayBytes = qint64(1) << 30;
    /** Values and bytes copied while reading (a value copied into many others: set(L) a million times). */
    qint64 maxWork = qint64(16) << 20;
    /** Distinct values made while reading, and memo entries. */
    qint64 maxNodes = 1000000;
    qint64 maxMemo = 1000000;
    /** Longest integer accepted, in digits (Python's own default limit is 4300). */
    int maxIntDigits = 4300;
};

/**
 * A pickle read as data: a tree (a DAG where the pickle shared a value) of PickleNode.
 * The tree is checked: no cycles, within the limits, every NdArray complete and consistent.
 */
class PickleTree
{
public:
    [[nodiscard]] const std::vector<PickleNode> &nodes() const { return mNodes; }
    [[nodiscard]] const PickleNode &node(qint32 id) const { return mNodes[size_t(id)]; }
    [[nodiscard]] qint32 root() const { return mRoot; }
    /** Values in the tree with every shared reference expanded. */
    [[nodiscard]] qint64 expandedCount() const { return mExpanded; }

private:
    friend class PickleMachine;
    std::vector<PickleNode> mNodes;
    qint32 mRoot = -1;
    qint64 mExpanded = 0;
};

/**
 * Reads the pickle in \a data (\a size bytes) as data, never executing, importing or calling
 * anything. Protocols 0 to 5. Globals are refused by name unless they are on the allow-list of
 * constructors interpreted as data: NumPy's ndarray reconstruction (`_reconstruct`, `ndarray`,
 * `__setstate__` state, `_frombuffer`), `numpy.dtype`, `numpy.core.multiarray.scalar`, `complex`,
 * `bytes`, `bytearray`, `set`, `frozenset`, `collections.OrderedDict`, `_codecs.encode` (Python 3
 * bytes in protocols 0-2), `copy_reg._reconstructor` of those, under their Python 2 (`__builtin__`,
 * `copy_reg`) and NumPy 2 (`numpy._core`) module names. SciPy's sparse matrix and array classes (csr, csc, coo, bsr,
 * dia; under `scipy.sparse._csr` and the older `scipy.sparse.csr` module names) are allowed as names only: an
 * object of one is an Instance node holding the state its BUILD gives (a dict of arrays and numbers), never
 * constructed. A few harmless builtins may stand as
 * values (never called): the builtin types (`range`/`xrange`, `int`, `float`, `str`, `list`,
 * `dict`, `type(None)`...), `Ellipsis`, `NotImplemented`; they become Global nodes. Python 2 `str`
 * values (STRING, BINSTRING, SHORT_BINSTRING) are Str when they are ASCII (NumPy's default
 * `encoding='ASCII'`) and Bytes otherwise (NumPy's `encoding='bytes'`; its default would fail).
 *
 * Fails with a message naming the refused global or the exceeded limit and the byte offset in the
 * pickle: self-references, nesting past maxDepth, memo bombs (counted from the shared structure,
 * never expanded), lengths beyond the bytes that remain, ndarray states whose data does not match
 * their shape and dtype, truncation, unknown opcodes.
 */
[[nodiscard]] Result<PickleTree> readPickle(const char *data, qint64 size, const PickleLimits &limits = {});

/** Reads pickled (object dtype) member \a index of \a source: its bytes after the NPY header. */
[[nodiscard]] Result<PickleTree> readPickledMember(const Source &source, int index,
                                                   const PickleLimits &limits = {});

/** NumPy's `dtype.str`: `<f8`, `|O`, `|V12` for a struct. */
[[nodiscard]] QString dtypeStr(const DType &type);

/**
 * The tree below node \a id as JSON text in the `npy-tool info --json` TREE form: `{"type":...}`
 * nodes, ints exact, floats shortest round-trip (NaN, Infinity as Python's json writes them).
 */
[[nodiscard]] QByteArray pickleJson(const PickleTree &tree, qint32 id);

/** An ndarray found inside a pickle, with the path export gives it. */
struct PickleArray
{
    /** Path steps: dict keys (str keys; other keys by position) and indexes, outermost first. */
    QStringList path;
    qint32 node = -1;
};

/**
 * Every non-object NdArray below the root of \a tree, in depth-first order, each with its path
 * (a 0-d object array adds no step); a shared array is listed at each place it appears.
 */
[[nodiscard]] QList<PickleArray> pickleArrays(const PickleTree &tree);

/** The NdArray node \a id as an array (owning a copy of its bytes), as `np.save` would write it. */
[[nodiscard]] Result<NpyArray> pickleNodeArray(const PickleTree &tree, qint32 id);

/** The sparse format of Instance \a id of \a tree when it is one of SciPy's sparse matrices or arrays; empty otherwise. */
[[nodiscard]] std::optional<SparseFormat> pickledSparseFormat(const PickleTree &tree, qint32 id);

/**
 * The SciPy sparse matrix Instance \a id of \a tree holds, read from its pickled state (`_shape` and the arrays of
 * its format: `data`, `indices`, `indptr` / `row`, `col` / `offsets`) and checked as an archive's parts are
 * (checkSparseMatrix()). Fails naming \a where (the file and member), the class and the part that is wrong.
 */
[[nodiscard]] Result<SparseMatrix> pickledSparseMatrix(const PickleTree &tree, qint32 id, const QString &where);

/** A one-line Python-like repr of node \a id, cut to about \a maxChars characters. */
[[nodiscard]] QString pickleRepr(const PickleTree &tree, qint32 id, int maxChars = 200);

/** The value of NumPy scalar node bytes as JSON text (a number, `true`, `[re,im]`, a string). */
[[nodiscard]] QByteArray pickleScalarJson(const DType &type, const QByteArray &data);

/**
 * The file names, relative to the export folder, that exportPickledMember() gives \a arrays of
 * member \a memberName: `NAME/PATH.npy`, PATH the array's path joined with `/`, each name made
 * safe as safeMemberPath() does; `NAME.npy` for an empty path; `_1`, `_2`... when a name is taken
 * (compared without case). None leaves the folder.
 */
[[nodiscard]] QStringList picklePaths(const QString &memberName, const QList<PickleArray> &arrays);

/**
 * Reads pickled member \a index of \a source as data and writes every non-object ndarray inside it
 * below \a dir as picklePaths() names them, each byte-identical to `np.save` of that array, through
 * QSaveFile. Fails with the refusal when the pickle is not read. \a written receives the paths.
 */
[[nodiscard]] Status exportPickledMember(const Source &source, int index, const QString &dir,
                                         QStringList *written = nullptr);

} // namespace npy
