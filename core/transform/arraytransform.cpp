#include "arraytransform.h"

#include "bytestore.h"
#include "elementcast.h"
#include "spillstore.h"

#include <QCoreApplication>

#include <new>
#include <vector>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::ArrayTransform)
};

NpyHeader makeHeader(const DType &dtype, const QList<qint64> &shape, bool fortran)
{
    NpyHeader h;
    h.dtype = dtype;
    h.shape = shape;
    h.fortranOrder = fortran;
    h.dataOffset = 0;
    if (!arraySize(shape, dtype.itemSize, &h.elementCount, &h.dataBytes)) {
        h.elementCount = 0;
        h.dataBytes = 0;
    }
    return h;
}

/** NumPy's fortran_order for a result laid out as \a view: Fortran-contiguous and not C-contiguous. */
bool savesFortran(const Layout &view)
{
    return !view.isCContiguous() && view.isFContiguous();
}

QString orderName(MemoryOrder order)
{
    return order == MemoryOrder::F ? QStringLiteral("F") : QStringLiteral("C");
}

class TransformProducer : public ArrayProducer
{
public:
    TransformProducer(ArrayTransform transform, TransformOptions options,
                      std::shared_ptr<QList<CastReport>> reports)
        : mTransform(std::move(transform)), mOptions(std::move(options)), mReports(std::move(reports))
    {
    }
    const NpyHeader &header() const override { return mTransform.header(); }
    Status produce(const Source::DataSink &sink, const Progress &progress) const override
    {
        return mTransform.writeData(sink, progress, mOptions, mReports.get());
    }

private:
    ArrayTransform mTransform;
    TransformOptions mOptions;
    std::shared_ptr<QList<CastReport>> mReports;
};

} // namespace

/** Where a stage reads its elements: the source (loaded, or streamed) or the copy of the stage before. */
struct ArrayTransform::Input
{
    NpyArray array;
    std::shared_ptr<const ByteStore> copy;
    const uchar *base = nullptr;
    bool releasable = false;
    bool streamed = false;
};

ArrayTransform::ArrayTransform(const NpyArray &array, const QString &where)
    : mArray(array), mWhere(where), mSourceHeader(array.header())
{
    Stage s;
    s.inputShape = mSourceHeader.shape;
    s.inputOrder = mSourceHeader.fortranOrder ? MemoryOrder::F : MemoryOrder::C;
    s.view = Layout::contiguous(s.inputShape, s.inputOrder);
    s.types = {mSourceHeader.dtype};
    mStages = {s};
    updateHeader();
}

Result<ArrayTransform> ArrayTransform::ofMember(std::shared_ptr<const Source> source, int index)
{
    using R = Result<ArrayTransform>;
    if (!source || index < 0 || index >= source->members().size())
        return R::failure(Tr::tr("no such member"));
    const MemberInfo &m = source->members()[index];
    const QString where = source->format() == FileFormat::Npz
                              ? Tr::tr("%1: member '%2'").arg(source->path(), m.name)
                              : source->path();
    if (!m.isArray || !m.error.isEmpty() || m.header.isPickled())
        return R::failure(Tr::tr("%1: %2").arg(where, m.error.isEmpty() ? Tr::tr("not an array that can be read")
                                                                         : m.error));
    NpyArray none;
    ArrayTransform t(none, where);
    t.mSourceHeader = m.header;
    t.mSource = std::move(source);
    t.mIndex = index;
    Stage &s = t.mStages.first();
    s.inputShape = m.header.shape;
    s.inputOrder = m.header.fortranOrder ? MemoryOrder::F : MemoryOrder::C;
    s.view = Layout::contiguous(s.inputShape, s.inputOrder);
    s.types = {m.header.dtype};
    t.updateHeader();
    return t;
}

QString ArrayTransform::where() const
{
    return mWhere.isEmpty() ? Tr::tr("array") : mWhere;
}

void ArrayTransform::updateHeader()
{
    const Stage &s = mStages.last();
    mHeader = makeHeader(s.types.last(), s.view.shape, savesFortran(s.view));
}

Status ArrayTransform::transpose(const QList<qint64> &axes)
{
    Result<Layout> l = transposeLayout(mStages.last().view, axes);
    if (!l)
        return Status::failure(Tr::tr("%1: transpose: %2").arg(where(), l.error()));
    mStages.last().view = l.value();
    mSteps << (axes.isEmpty() ? Tr::tr("transpose") : Tr::tr("transpose %1").arg(indexText(axes)));
    updateHeader();
    return Status();
}

Status ArrayTransform::reshape(const QList<qint64> &shape, MemoryOrder order)
{
    Stage &last = mStages.last();
    Result<QList<qint64>> resolved = resolveShape(shape, last.view.size());
    if (!resolved)
        return Status::failure(Tr::tr("%1: reshape: %2").arg(where(), resolved.error()));
    Layout view;
    if (reshapeView(last.view, resolved.value(), order, &view)) {
        last.view = view;
    } else {
        // NumPy copies the elements in the order asked, then reads the copy as the new shape.
        last.copyOrder = order;
        Stage next;
        next.inputShape = last.view.shape;
        next.inputOrder = order;
        next.view = Layout::contiguous(resolved.value(), order);
        next.types = {last.types.last()};
        mStages.append(next);
    }
    mSteps << Tr::tr("reshape %1 order %2").arg(indexText(resolved.value()), orderName(order));
    updateHeader();
    return Status();
}

Status ArrayTransform::contiguous(MemoryOrder order)
{
    Stage &last = mStages.last();
    mSteps << Tr::tr("contiguous order %1").arg(orderName(order));
    if (order == MemoryOrder::C ? last.view.isCContiguous() : last.view.isFContiguous())
        return Status();
    last.copyOrder = order;
    Stage next;
    next.inputShape = last.view.shape;
    next.inputOrder = order;
    next.view = Layout::contiguous(last.view.shape, order);
    next.types = {last.types.last()};
    mStages.append(next);
    updateHeader();
    return Status();
}

Status ArrayTransform::astype(const DType &to, Casting casting)
{
    Stage &last = mStages.last();
    const DType from = last.types.last();
    const DType resolved = astypeResult(from, to);
    if (!canCast(from, resolved, casting))
        return Status::failure(Tr::tr("%1: cannot cast %2 to %3 with casting '%4'")
                                   .arg(where(), from.displayName(), resolved.displayName(), castingName(casting)));
    Result<ElementCast> cast = ElementCast::create(from, resolved, last.view.size());
    if (!cast)
        return Status::failure(Tr::tr("%1: %2").arg(where(), cast.error()));
    last.types.append(resolved);
    mSteps << Tr::tr("astype %1").arg(resolved.typeString());
    updateHeader();
    return Status();
}

Result<CastReport> ArrayTransform::checkAstype(const DType &to, const Progress &progress,
                                               const TransformOptions &options) const
{
    using R = Result<CastReport>;
    ArrayTransform scan = *this;
    Status st = scan.astype(to, Casting::Unsafe);
    if (!st)
        return R::failure(st.error());
    // Read the last stage's input in memory order, as the cast would.
    Stage &last = scan.mStages.last();
    last.view = Layout::contiguous(last.inputShape, last.inputOrder);
    scan.updateHeader();
    QList<CastReport> reports;
    st = scan.writeData([](const uchar *, qint64) { return true; }, progress, options, &reports);
    if (!st && !reports.isEmpty() && reports.last().failedPosition >= 0) {
        const Stage &s = scan.mStages.last();
        Result<ElementCast> cast = ElementCast::create(s.types[s.types.size() - 2], s.types.last(), 1);
        return R::failure(Tr::tr("%1: cannot convert %2 to %3: the element at index %4: %5")
                              .arg(where(), s.types[s.types.size() - 2].typeString(), s.types.last().typeString(),
                                   indexText(indexOfPosition(reports.last().failedPosition)),
                                   !reports.last().failedText.isEmpty() ? reports.last().failedText
                                   : cast                                ? cast->failure()
                                                                         : QString()));
    }
    if (!st)
        return R::failure(st.error());
    return reports.last();
}

bool ArrayTransform::isView() const
{
    if (mStages.size() != 1 || mStages.first().types.size() != 1)
        return false;
    const Layout &v = mStages.first().view;
    return (mHeader.fortranOrder ? v.reversed() : v).isCContiguous();
}

Result<NpyArray> ArrayTransform::view() const
{
    if (!isView())
        return NpyArray();
    Result<NpyArray> source = loadSource();
    if (!source)
        return source;
    return source->reinterpreted(mHeader);
}

bool ArrayTransform::stridedView(Layout *out) const
{
    if (mStages.size() != 1 || mStages.first().types.size() != 1)
        return false;
    *out = mStages.first().view;
    return true;
}

QList<qint64> ArrayTransform::indexOfPosition(qint64 position) const
{
    const Stage &s = mStages.last();
    return unravelIndex(position, s.inputShape, s.inputOrder);
}

Result<NpyArray> ArrayTransform::loadSource() const
{
    if (!mSource)
        return mArray;
    return mSource->load(mIndex);
}

Status ArrayTransform::runStage(qsizetype stage, const Input &input, const ChunkSink &sink, const Stage *fused,
                                const Progress &progress, const TransformOptions &options,
                                QList<CastReport> *reports, qsizetype firstReport) const
{
    const Stage &s = mStages[stage];
    const qint64 total = s.view.size();
    CastChain pre;
    CastChain post;
    auto addCasts = [&](const Stage &from, CastChain *chain, qsizetype first) -> Status {
        for (qsizetype i = 1; i < from.types.size(); ++i) {
            Result<ElementCast> c = ElementCast::create(from.types[i - 1], from.types[i], total);
            if (!c)
                return Status::failure(Tr::tr("%1: %2").arg(where(), c.error()));
            chain->append(c.value(), reports ? &(*reports)[first + i - 1] : nullptr);
        }
        return Status();
    };
    Status st = addCasts(s, &pre, firstReport);
    if (st && fused)
        st = addCasts(*fused, &post, firstReport + s.types.size() - 1);
    if (!st)
        return st;
    // The last stage writes in the result's order, the others (and a stage fused with the last) their copy's.
    const bool fortran = stage == mStages.size() - 1 ? mHeader.fortranOrder : s.copyOrder == MemoryOrder::F;
    const Layout writeView = fortran ? s.view.reversed() : s.view;
    auto located = [&](const Status &result) {
        return result ? result : Status::failure(Tr::tr("%1: %2").arg(where(), result.error()));
    };
    if (!input.streamed) {
        StridedInput in;
        in.base = input.base;
        in.itemSize = s.types.first().itemSize;
        in.view = writeView;
        in.releasePages = input.releasable;
        return located(copyStrided(in, &pre, &post, sink, progress, options.bufferBytes));
    }
    // A compressed member read in order: whole elements converted as they arrive.
    if (pre.isEmpty() && post.isEmpty())
        return located(mSource->readData(mIndex, sink, progress));
    const qint64 inSize = s.types.first().itemSize;
    const qint64 outSize = post.outSize(pre.outSize(inSize));
    const qint64 piece = std::max<qint64>(1, options.bufferBytes / std::max(inSize, outSize) / 2);
    std::vector<uchar> carry;
    std::vector<uchar> mid;
    std::vector<uchar> out;
    std::vector<uchar> scratch;
    qint64 position = 0;
    QString error;
    auto convert = [&](const uchar *p, qint64 n) {
        for (qint64 done = 0; done < n;) {
            const qint64 k = std::min(piece, n - done);
            const uchar *at = p + done * inSize;
            mid.resize(size_t(k * pre.outSize(inSize)));
            out.resize(size_t(k * outSize));
            const uchar *converted = at;
            if (!pre.isEmpty()) {
                if (!pre.convert(at, mid.data(), k, position, &scratch, &error))
                    return false;
                converted = mid.data();
            }
            if (!post.isEmpty()) {
                if (!post.convert(converted, out.data(), k, position, &scratch, &error))
                    return false;
                converted = out.data();
            }
            if (!sink(converted, k * outSize)) {
                error = Tr::tr("write failed");
                return false;
            }
            position += k;
            done += k;
        }
        return true;
    };
    st = mSource->readData(
        mIndex,
        [&](const uchar *data, qint64 size) {
            if (!carry.empty()) {
                const qint64 need = std::min<qint64>(inSize - qint64(carry.size()), size);
                carry.insert(carry.end(), data, data + need);
                data += need;
                size -= need;
                if (qint64(carry.size()) < inSize)
                    return true;
                if (!convert(carry.data(), 1))
                    return false;
                carry.clear();
            }
            const qint64 whole = size / inSize;
            if (!convert(data, whole))
                return false;
            carry.assign(data + whole * inSize, data + size);
            return true;
        },
        progress);
    if (!error.isEmpty())
        return Status::failure(Tr::tr("%1: %2").arg(where(), error));
    return located(st);
}

Status ArrayTransform::writeData(const ChunkSink &sink, const Progress &progress, const TransformOptions &options,
                                 QList<CastReport> *reports) const
{
    QList<qsizetype> firstReport;
    qsizetype casts = 0;
    for (const Stage &s : mStages) {
        firstReport.append(casts);
        casts += s.types.size() - 1;
    }
    QList<CastReport> local(casts);
    QList<CastReport> *out = reports ? reports : &local;
    *out = QList<CastReport>(casts);
    const qsizetype k = mStages.size();
    const Stage &last = mStages.last();
    const bool sequential = (mHeader.fortranOrder ? last.view.reversed() : last.view).isCContiguous();
    // A last stage that reads its input in order is done by the stage before, converting as it writes.
    const bool fuse = k >= 2 && sequential;
    const qsizetype direct = fuse ? k - 2 : k - 1;

    Input input;
    const MemberInfo *member = mSource ? &mSource->members()[mIndex] : nullptr;
    if (member && k == 1 && sequential && member->compression != Compression::None
        && member->compression != Compression::Stored) {
        input.streamed = true;
    } else {
        Result<NpyArray> array = loadSource();
        if (!array)
            return Status::failure(array.error());
        input.array = array.value();
        input.base = input.array.data();
        input.releasable = input.array.pagesReleasable();
    }
    try {
        for (qsizetype j = 0; j < direct; ++j) {
            // The copy between two stages: stage j + 1's input, always in a file (it may be as large as the result).
            const Stage &after = mStages[j + 1];
            qint64 copyBytes = after.types.first().itemSize;
            for (qint64 d : after.inputShape)
                copyBytes *= d;
            SpillStore temp(copyBytes, 0, options.tempDir);
            Status st = temp.open();
            if (!st)
                return Status::failure(Tr::tr("%1: %2").arg(where(), st.error()));
            st = runStage(j, input, [&](const uchar *p, qint64 n) { return temp.write(p, n); }, nullptr, progress,
                          options, out, firstReport[j]);
            if (!temp.error().isEmpty())
                return Status::failure(Tr::tr("%1: %2").arg(where(), temp.error()));
            if (!st)
                return st;
            Input next;
            if (copyBytes > 0) {
                Result<std::shared_ptr<const ByteStore>> map = temp.finish();
                if (!map)
                    return Status::failure(Tr::tr("%1: %2").arg(where(), map.error()));
                next.copy = map.value();
                next.base = next.copy->data();
                next.releasable = next.copy->canReleasePages();
            }
            input = next;
        }
        return runStage(direct, input, sink, fuse ? &mStages[k - 1] : nullptr, progress, options, out,
                        firstReport[direct]);
    } catch (const std::bad_alloc &) {
        return Status::failure(Tr::tr("%1: not enough memory").arg(where()));
    }
}

Result<NpyArray> ArrayTransform::materialize(const Progress &progress, const TransformOptions &options,
                                             QList<CastReport> *reports) const
{
    using R = Result<NpyArray>;
    if (isView()) {
        if (reports)
            reports->clear();
        return view();
    }
    SpillStore store(mHeader.dataBytes, options.memoryBudget, options.tempDir);
    Status st = store.open();
    if (!st)
        return R::failure(Tr::tr("%1: %2").arg(where(), st.error()));
    st = writeData([&](const uchar *p, qint64 n) { return store.write(p, n); }, progress, options, reports);
    if (!store.error().isEmpty())
        return R::failure(Tr::tr("%1: %2").arg(where(), store.error()));
    if (!st)
        return R::failure(st.error());
    Result<std::shared_ptr<const ByteStore>> bytes = store.finish();
    if (!bytes)
        return R::failure(Tr::tr("%1: %2").arg(where(), bytes.error()));
    return NpyArray(mHeader, bytes.value(), 0);
}

std::shared_ptr<const ArrayProducer> ArrayTransform::producer(const TransformOptions &options,
                                                              std::shared_ptr<QList<CastReport>> reports) const
{
    return std::make_shared<TransformProducer>(*this, options, std::move(reports));
}

} // namespace npy
