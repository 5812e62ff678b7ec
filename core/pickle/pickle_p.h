#pragma once

// Internal to the pickle reader: the opcode machine (pickleopcodes.cpp), the allow-listed
// constructors interpreted as data (picklenumpy.cpp) and the final checks (pickletree.cpp).

#include "pickle.h"

#include <QCoreApplication>
#include <QHash>

#include <unordered_map>

namespace npy {

class PickleTr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Pickle)
};

/** The callables and classes of the allow-list; anything else is refused when named. */
enum class PickleGlobal {
    Reconstruct,   ///< numpy.core.multiarray._reconstruct
    NdArrayClass,  ///< numpy.ndarray
    DTypeClass,    ///< numpy.dtype
    Scalar,        ///< numpy.core.multiarray.scalar
    FromBuffer,    ///< numpy.core.numeric._frombuffer (protocol 5)
    Complex,
    Bytes,
    ByteArray,
    Set,
    FrozenSet,
    Object,        ///< builtins.object, only as copy_reg._reconstructor's base
    OrderedDict,
    CodecsEncode,  ///< _codecs.encode(str, 'latin1'): how Python 3 writes bytes in protocols 0-2
    Reconstructor, ///< copy_reg._reconstructor(cls, object, None)
    Type,          ///< builtins.type: a value, and type(None) as data
    Value,         ///< a harmless builtin that may only stand as a value (range, int, str, Ellipsis...)
    SparseClass,   ///< a SciPy sparse matrix or array class: its objects become Instance nodes, never constructed
};

/** A value under construction: a PickleNode plus what only the reader needs to know. */
enum class PickleState : quint8 {
    Done,
    Global,         ///< a reference to an allow-listed global; a value of the tree only if its type is Global
    PendingArray,   ///< made by _reconstruct, waiting for its __setstate__ (BUILD)
    PendingInstance, ///< an Instance made by NEWOBJ or copy_reg._reconstructor, waiting for its state (BUILD)
};

class PickleMachine
{
public:
    PickleMachine(const char *data, qint64 size, const PickleLimits &limits)
        : mData(reinterpret_cast<const uchar *>(data)), mSize(size), mLimits(limits)
    {
    }

    /** Runs the opcodes to STOP and checks the result. */
    Result<PickleTree> run();

    // ---- used by picklenumpy.cpp ----
    qint32 newNode(PickleType type);
    PickleNode &node(qint32 id) { return mTree.mNodes[size_t(id)]; }
    bool fail(const QString &why);
    bool failAt(qint64 offset, const QString &why);
    /** REDUCE, NEWOBJ, OBJ, INST: \a callable applied to the tuple \a args, as data. */
    [[nodiscard]] bool call(qint32 callable, qint32 args, qint32 *result);
    /** Counts \a units of copying (values, fields, bytes); false past PickleLimits::maxWork. */
    [[nodiscard]] bool charge(qint64 units);
    /** BUILD: __setstate__ of an ndarray or a dtype. */
    [[nodiscard]] bool build(qint32 target, qint32 state);
    /** An Instance of allow-listed class \a cls (a SparseClass global), waiting for its state. */
    [[nodiscard]] bool makeInstance(qint32 cls, qint32 *result);
    /** __setstate__ of an ndarray (and _frombuffer): checks the data against shape and dtype. */
    /**
     * An ndarray from its state. Without \a keepOrder (ndarray.__setstate__, protocols 0-4) a plain dtype of the
     * other byte order becomes the native one, as NumPy makes it; _frombuffer (protocol 5) keeps it.
     */
    [[nodiscard]] bool setArray(qint32 arr, qint32 shape, qint32 dtype, bool fortran, qint32 data, bool keepOrder);
    /** __setstate__ of a numpy.dtype: byte order, struct fields, subarray, sizes, datetime unit. */
    [[nodiscard]] bool buildDType(qint32 target, qint32 state);
    /** The global named module.name from the allow-list, or a refusal naming it (by value: the names may live in a node that a new node moves). */
    [[nodiscard]] bool global(QString module, QString name, qint32 *result);
    /** A short name of a value's type for messages ("str", "tuple", "numpy.ndarray"). */
    QString typeName(qint32 id);

    const uchar *mData;
    qint64 mSize;
    qint64 mPos = 0;
    /** Offset of the opcode being run. */
    qint64 mOpcodeAt = 0;
    PickleLimits mLimits;
    qint64 mWork = 0;
    QString mError;
    PickleTree mTree;
    std::vector<PickleState> mState;
    /** Per Global node: which one. */
    std::unordered_map<qint32, PickleGlobal> mGlobals;
    /** Per DType node that is a subarray type (`('<f8', (2,))`): its base dtype node and shape. */
    struct Subarray
    {
        qint32 base = -1;
        QList<qint64> shape;
    };
    std::unordered_map<qint32, Subarray> mSubarrays;
    /** Per dict node: key signature -> position of the pair, so a repeated key replaces its value. */
    std::unordered_map<qint32, QHash<QByteArray, qint32>> mDictKeys;

private:
    bool step(bool *stopped);
    bool need(qint64 n);
    bool readLine(QByteArray *line);
    quint64 readUInt(int bytes);
    bool push(qint32 id);
    qint32 pop();
    bool popMark(size_t *from);
    bool makeSequence(PickleType type, size_t from);
    bool appendTo(qint32 list, size_t from);
    bool setItems(qint32 dict, size_t from);
    bool addItems(qint32 set, size_t from);
    bool putMemo(qint64 index);
    bool getMemo(qint64 index);
    bool pushInt(const QByteArray &decimal);
    bool pushLongBytes(qint64 n);
    bool pushString(const QByteArray &bytes, bool python2);
    bool pushBytes(qint64 n, PickleType type);
    bool pushQuotedString(const QByteArray &line);
    bool pushRawUnicodeEscape(const QByteArray &line);
    bool stackGlobal();
    bool textGlobal(bool inst);
    QByteArray keySignature(qint32 key);

    std::vector<qint32> mStack;
    std::vector<size_t> mMarks;
    QHash<qint64, qint32> mMemo;
};

/** Parses a decimal integer text (optional sign); false if it is not one. Leading zeros allowed. */
bool pickleDecimal(const QByteArray &text, QByteArray *normalized);

} // namespace npy
