#pragma once

#include "casting.h"
#include "castreport.h"
#include "layout.h"
#include "npyarray.h"
#include "result.h"
#include "savetypes.h"
#include "source.h"
#include "stridedcopy.h"
#include "transformoptions.h"

#include <QList>
#include <QString>

#include <memory>

namespace npy {

/**
 * An array and the structural steps applied to it: "member x transposed by (1, 0), then as float32".
 * A value: cheap to copy, nothing is read or written until it runs. Each step is checked when it is
 * added and does what NumPy 1.24 does:
 *
 * - transpose() is `np.transpose(a, axes)` and reshape() `np.reshape(a, shape, order)`: views where
 *   NumPy gives views (no element moves), copies in the given order where NumPy copies;
 * - astype() is `a.astype(dtype, casting=...)` (order 'K': the memory layout is kept), with the
 *   bytes ElementCast gives;
 * - the result is saved as `np.save` saves NumPy's result: header() has its shape, dtype and
 *   fortran_order (a transposed C array is a Fortran-ordered view: the same bytes, flagged), and
 *   writeData() streams its bytes in that order.
 *
 * Running it (writeData(), materialize(), a producer() in a save) reads the source once: a view of
 * the source's own bytes costs nothing (view()), a sequential pass streams (a compressed member is
 * inflated as it is read, never held whole), and a transpose is a blocked copy that holds about
 * TransformOptions::bufferBytes besides the pages of the source, which it gives back as it goes when
 * they are a read-only map. Copies needed between steps (a transpose after a reshape NumPy had to
 * copy) go into temporary files.
 *
 * The app keeps a transform as a member's lazy state: view() when it is one (a transposed or reshaped
 * memory-mapped member, O(1)), materialize() on a worker when elements are needed, producer() in its
 * SaveMember when it is saved without ever being held. The CLI saves producers.
 */
class ArrayTransform
{
public:
    ArrayTransform() = default;
    /** The identity transform of \a array; \a where names it in messages ("file.npz: member 'x'"). */
    explicit ArrayTransform(const NpyArray &array, const QString &where = QString());
    /**
     * The identity transform of array member \a index of \a source, read when the transform runs:
     * loaded (mapped, or inflated) when elements move, streamed when they do not.
     */
    [[nodiscard]] static Result<ArrayTransform> ofMember(std::shared_ptr<const Source> source, int index);

    /** Appends `np.transpose(result, axes)`; empty \a axes reverses them. Fails with NumPy's words. */
    [[nodiscard]] Status transpose(const QList<qint64> &axes = {});
    /** Appends `np.reshape(result, shape, order)`; one entry of \a shape may be -1. Fails with NumPy's words. */
    [[nodiscard]] Status reshape(const QList<qint64> &shape, MemoryOrder order = MemoryOrder::C);
    /**
     * Appends `np.ascontiguousarray(result)` (C) or `np.asfortranarray(result)` (F): a copy laid out in
     * \a order, unless the result already is.
     */
    [[nodiscard]] Status contiguous(MemoryOrder order);
    /**
     * Appends `result.astype(to, casting=casting)` (an unsized S or U, or a generic datetime, resolved
     * as NumPy resolves it). Fails, naming both dtypes and the casting, when \a casting does not allow
     * the cast (checkAstype() then finds the first value that would change) or when the pair is not
     * supported (see ElementCast).
     */
    [[nodiscard]] Status astype(const DType &to, Casting casting = Casting::Unsafe);
    /**
     * What `astype(to)` appended now would change, value by value (reads every element once, writes
     * nothing): the app's warning before an unsafe cast, the CLI's first offending index. Positions in
     * the report are those of indexOfPosition().
     */
    [[nodiscard]] Result<CastReport> checkAstype(const DType &to, const Progress &progress = {},
                                                 const TransformOptions &options = {}) const;

    /** The source's header, and the result's as np.save writes it (dataOffset 0). */
    [[nodiscard]] const NpyHeader &sourceHeader() const { return mSourceHeader; }
    [[nodiscard]] const NpyHeader &header() const { return mHeader; }
    /** True before any step. */
    [[nodiscard]] bool isIdentity() const { return mSteps.isEmpty(); }
    /** The steps in words, in order ("transpose (1, 0)", "reshape (3, 4) order F", "astype float32"). */
    [[nodiscard]] const QStringList &steps() const { return mSteps; }
    /** True when the result is the source's bytes as they are (see view()): nothing to copy. */
    [[nodiscard]] bool isView() const;
    /**
     * The result as an array sharing the source's bytes, O(1) (a reshape in the source's order, the
     * transpose of a 2-D or any full reversal of axes): a null array when elements must move or be
     * converted. A member's source is loaded (mapped) for it.
     */
    [[nodiscard]] Result<NpyArray> view() const;
    /**
     * When no step needs a copy or a cast (transposes, and reshapes NumPy answers with a view): true with
     * the result's elements as a view of the source's bytes in \a out, strides counted in elements of the
     * source, whatever its memory order. What a strided reader needs to show such a result without
     * copying it (isView() is the case where that view is also a plain C or F layout).
     */
    [[nodiscard]] bool stridedView(Layout *out) const;
    /**
     * The element of the array an astype added now would read at \a position (a report's position):
     * an index of the source while no copy was needed, else of the copy made last.
     */
    [[nodiscard]] QList<qint64> indexOfPosition(qint64 position) const;

    /**
     * Streams the result's data (header().dataBytes bytes, in header()'s order) to \a sink. \a reports,
     * when given, gets one report per astype step, in order. Fails with a located message.
     */
    [[nodiscard]] Status writeData(const ChunkSink &sink, const Progress &progress = {},
                                   const TransformOptions &options = {}, QList<CastReport> *reports = nullptr) const;
    /**
     * The result as an array of its own: view() when it is one, else written into memory (up to
     * TransformOptions::memoryBudget) or into a temporary file mapped read-only (larger).
     */
    [[nodiscard]] Result<NpyArray> materialize(const Progress &progress = {}, const TransformOptions &options = {},
                                               QList<CastReport> *reports = nullptr) const;
    /**
     * The result as a SaveMember's producer (saveFile() writes it as it is produced). \a reports, when
     * given, receives the astype reports of the last run.
     */
    [[nodiscard]] std::shared_ptr<const ArrayProducer>
    producer(const TransformOptions &options = {}, std::shared_ptr<QList<CastReport>> reports = {}) const;

private:
    /** One pass: a view of an input buffer, the casts applied to that buffer, and how its copy is laid out. */
    struct Stage
    {
        Layout view;
        /** The input buffer's logical shape and order (for indexOfPosition()). */
        QList<qint64> inputShape;
        MemoryOrder inputOrder = MemoryOrder::C;
        /** types[0] is the input's dtype; types[i + 1] what astype i of this stage gives. */
        QList<DType> types;
        /** For every stage but the last: the order its copy is laid out in. */
        MemoryOrder copyOrder = MemoryOrder::C;
    };
    struct Input;

    void updateHeader();
    [[nodiscard]] QString where() const;
    [[nodiscard]] Result<NpyArray> loadSource() const;
    [[nodiscard]] Status runStage(qsizetype stage, const Input &input, const ChunkSink &sink,
                                  const Stage *fused, const Progress &progress, const TransformOptions &options,
                                  QList<CastReport> *reports, qsizetype firstReport) const;

    NpyArray mArray;
    std::shared_ptr<const Source> mSource;
    int mIndex = -1;
    QString mWhere;
    NpyHeader mSourceHeader;
    NpyHeader mHeader;
    QList<Stage> mStages;
    QStringList mSteps;
};

} // namespace npy
