#include "sparsematrix.h"

#include "allocatedstore.h"
#include "checkedmath.h"
#include "elementload.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <utility>
#include <cstring>
#include <limits>
#include <type_traits>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::SparseMatrix)
};

constexpr qint64 kProgressStep = qint64(1) << 20;

/** "20 000": digits in groups of three, as the issue and the member list write counts. */
QString grouped(qint64 n)
{
    QString digits = QString::number(n < 0 ? -n : n);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QChar(0x202F));
    return n < 0 ? QLatin1Char('-') + digits : digits;
}

/** The elements of a 1-D (or any) integer array as qint64, in logical C order. */
class IntReader
{
public:
    explicit IntReader(const NpyArray &array) : mArray(array), mType(array.dtype()), mSwap(mType.needsSwap()) {}
    [[nodiscard]] qint64 size() const { return mArray.size(); }
    [[nodiscard]] qint64 at(qint64 i) const
    {
        using elements::load;
        const uchar *p = mArray.element(i);
        if (mType.kind == Kind::UInt) {
            quint64 v = 0;
            switch (mType.itemSize) {
            case 1: v = *p; break;
            case 2: v = load<quint16>(p, mSwap); break;
            case 4: v = load<quint32>(p, mSwap); break;
            default: v = load<quint64>(p, mSwap); break;
            }
            return v > quint64(std::numeric_limits<qint64>::max()) ? std::numeric_limits<qint64>::max() : qint64(v);
        }
        switch (mType.itemSize) {
        case 1: return qint8(*p);
        case 2: return load<qint16>(p, mSwap);
        case 4: return load<qint32>(p, mSwap);
        default: return load<qint64>(p, mSwap);
        }
    }

private:
    const NpyArray &mArray;
    DType mType;
    bool mSwap;
};

bool isIntegerArray(const NpyArray &a)
{
    return (a.dtype().kind == Kind::Int || a.dtype().kind == Kind::UInt) && a.dtype().itemSize <= 8;
}

/** True for the dtypes a SciPy sparse matrix holds and the dense view can add in: bool, ints, float32/64, complex64/128. */
bool isSparseValueType(const DType &t)
{
    switch (t.kind) {
    case Kind::Bool:
        return true;
    case Kind::Int:
    case Kind::UInt:
        return t.itemSize == 1 || t.itemSize == 2 || t.itemSize == 4 || t.itemSize == 8;
    case Kind::Float:
        return t.itemSize == 4 || t.itemSize == 8;
    case Kind::Complex:
        return t.itemSize == 8 || t.itemSize == 16;
    default:
        return false;
    }
}

struct Parts
{
    const Source &source;
    const SparseLayout &layout;
    const Progress &progress;

    [[nodiscard]] QString where(int index) const
    {
        return Tr::tr("%1: member '%2'").arg(source.path(), source.members()[index].name);
    }
    Result<NpyArray> load(int index) const
    {
        const MemberInfo &m = source.members()[index];
        if (!m.error.isEmpty())
            return Result<NpyArray>::failure(Tr::tr("%1: %2").arg(where(index), m.error));
        if (!m.isArray || m.header.isPickled())
            return Result<NpyArray>::failure(Tr::tr("%1: not a plain array").arg(where(index)));
        return source.load(index, progress);
    }
};

/** The text of the 0-d `format` member (bytes or str): "csr"... */
Result<QString> formatText(const NpyArray &a, const QString &where)
{
    const DType &t = a.dtype();
    if (a.ndim() != 0 || (t.kind != Kind::Bytes && t.kind != Kind::Unicode))
        return Result<QString>::failure(Tr::tr("%1: not a 0-d string as SciPy writes the format").arg(where));
    QString text;
    if (t.kind == Kind::Bytes) {
        const char *p = reinterpret_cast<const char *>(a.data());
        qint64 n = 0;
        while (n < t.itemSize && p[n] != 0)
            ++n;
        text = QString::fromLatin1(p, n);
    } else {
        for (qint64 i = 0; i < t.itemSize / 4; ++i) {
            const quint32 c = elements::load<quint32>(a.data() + 4 * i, t.needsSwap());
            if (c == 0)
                break;
            text.append(QChar(c < 0x10000 ? char16_t(c) : char16_t(0xFFFD)));
        }
    }
    return text;
}

/** Checks one index array: 1-D integers with values in [0, limit); names the first one outside. */
Status checkIndexes(const NpyArray &a, qint64 limit, const QString &where, const Progress &progress)
{
    if (a.ndim() != 1 || !isIntegerArray(a))
        return Status::failure(Tr::tr("%1: not a 1-D integer array (%2, shape %3)")
                                   .arg(where, a.dtype().displayName(), a.header().shapeText()));
    const IntReader r(a);
    for (qint64 i = 0; i < r.size(); ++i) {
        const qint64 v = r.at(i);
        if (v < 0 || v >= limit)
            return Status::failure(Tr::tr("%1: index %2 at position %3 is outside 0..%4").arg(where).arg(v).arg(i).arg(limit - 1));
        if ((i + 1) % kProgressStep == 0 && progress.cancelled())
            return Status::failure(Tr::tr("%1: cancelled").arg(where));
    }
    return {};
}

/** Checks indptr: 1-D integers, \a length of them, from 0, never decreasing, ending within \a stored. */
Status checkIndptr(const NpyArray &a, qint64 length, qint64 stored, const QString &where)
{
    if (a.ndim() != 1 || !isIntegerArray(a))
        return Status::failure(Tr::tr("%1: not a 1-D integer array (%2, shape %3)")
                                   .arg(where, a.dtype().displayName(), a.header().shapeText()));
    if (a.size() != length)
        return Status::failure(Tr::tr("%1: %2 entries where the shape needs %3").arg(where).arg(a.size()).arg(length));
    const IntReader r(a);
    if (r.at(0) != 0)
        return Status::failure(Tr::tr("%1: starts at %2, not 0").arg(where).arg(r.at(0)));
    for (qint64 i = 1; i < length; ++i) {
        if (r.at(i) < r.at(i - 1))
            return Status::failure(Tr::tr("%1: decreases at position %2 (%3 after %4)")
                                       .arg(where).arg(i).arg(r.at(i)).arg(r.at(i - 1)));
    }
    if (r.at(length - 1) > stored)
        return Status::failure(Tr::tr("%1: ends at %2, beyond the %3 stored entries").arg(where).arg(r.at(length - 1)).arg(stored));
    return {};
}

// ------------------------------------------------------------------------------------ the dense view

template <typename T>
struct Adder
{
    static void add(uchar *out, const uchar *in, bool swap)
    {
        const T v = elements::load<T>(in, swap);
        T o;
        std::memcpy(&o, out, sizeof o);
        if constexpr (std::is_integral_v<T>) {
            using U = std::make_unsigned_t<T>;
            o = T(U(U(o) + U(v)));
        } else {
            o += v;
        }
        std::memcpy(out, &o, sizeof o);
    }
};

template <typename T>
struct ComplexAdder
{
    static void add(uchar *out, const uchar *in, bool swap)
    {
        for (int part = 0; part < 2; ++part) {
            const T v = elements::load<T>(in + part * sizeof(T), swap);
            T o;
            std::memcpy(&o, out + part * sizeof(T), sizeof o);
            o += v;
            std::memcpy(out + part * sizeof(T), &o, sizeof o);
        }
    }
};

struct BoolAdder
{
    static void add(uchar *out, const uchar *in, bool) { *out = (*out || *in) ? 1 : 0; }
};

/** Calls \a f with the adder type of \a t (isSparseValueType()). */
template <class F>
void withAdder(const DType &t, F &&f)
{
    switch (t.kind) {
    case Kind::Bool: f(BoolAdder{}); return;
    case Kind::Int:
        switch (t.itemSize) {
        case 1: f(Adder<qint8>{}); return;
        case 2: f(Adder<qint16>{}); return;
        case 4: f(Adder<qint32>{}); return;
        default: f(Adder<qint64>{}); return;
        }
    case Kind::UInt:
        switch (t.itemSize) {
        case 1: f(Adder<quint8>{}); return;
        case 2: f(Adder<quint16>{}); return;
        case 4: f(Adder<quint32>{}); return;
        default: f(Adder<quint64>{}); return;
        }
    case Kind::Float:
        if (t.itemSize == 4)
            f(Adder<float>{});
        else
            f(Adder<double>{});
        return;
    default:
        if (t.itemSize == 8)
            f(ComplexAdder<float>{});
        else
            f(ComplexAdder<double>{});
        return;
    }
}

/** Visits every stored entry of \a m as (row, col, pointer to its data element); false when cancelled. */
template <class V>
bool forEachEntry(const SparseMatrix &m, const Progress &progress, V &&visit)
{
    qint64 seen = 0;
    auto tick = [&]() { return (++seen % kProgressStep) != 0 || !progress.cancelled(); };
    switch (m.format) {
    case SparseFormat::Csr:
    case SparseFormat::Csc: {
        const IntReader ptr(m.indptr), idx(m.indices);
        const bool csr = m.format == SparseFormat::Csr;
        for (qint64 major = 0; major + 1 < ptr.size(); ++major) {
            for (qint64 k = ptr.at(major); k < ptr.at(major + 1); ++k) {
                const qint64 minor = idx.at(k);
                visit(csr ? major : minor, csr ? minor : major, m.data.element(k));
                if (!tick())
                    return false;
            }
        }
        return true;
    }
    case SparseFormat::Bsr: {
        const IntReader ptr(m.indptr), idx(m.indices);
        const qint64 per = m.blockRows * m.blockCols;
        for (qint64 br = 0; br + 1 < ptr.size(); ++br) {
            for (qint64 k = ptr.at(br); k < ptr.at(br + 1); ++k) {
                const qint64 bc = idx.at(k);
                for (qint64 i = 0; i < m.blockRows; ++i)
                    for (qint64 j = 0; j < m.blockCols; ++j)
                        visit(br * m.blockRows + i, bc * m.blockCols + j, m.data.element(k * per + i * m.blockCols + j));
                if (!tick())
                    return false;
            }
        }
        return true;
    }
    case SparseFormat::Coo: {
        const IntReader r(m.row), c(m.col);
        for (qint64 k = 0; k < r.size(); ++k) {
            visit(r.at(k), c.at(k), m.data.element(k));
            if (!tick())
                return false;
        }
        return true;
    }
    case SparseFormat::Dia: {
        // Element (i, j) with j - i = offsets[d] is data[d, j], for j < data's width (SciPy's dia_matrix).
        const IntReader off(m.offsets);
        const qint64 width = m.data.ndim() == 2 ? m.data.shape()[1] : 0;
        for (qint64 d = 0; d < off.size(); ++d) {
            const qint64 k = off.at(d);
            const qint64 j0 = std::max<qint64>(0, k);
            const qint64 j1 = std::min({m.cols, width, m.rows + k});
            for (qint64 j = j0; j < j1; ++j) {
                visit(j - k, j, m.data.element(d * width + j));
                if (!tick())
                    return false;
            }
        }
        return true;
    }
    }
    return true;
}

} // namespace

QString SparseMatrix::formatName() const
{
    return scipyName().toUpper();
}

QString SparseMatrix::scipyName() const
{
    switch (format) {
    case SparseFormat::Csr: return QStringLiteral("csr");
    case SparseFormat::Csc: return QStringLiteral("csc");
    case SparseFormat::Coo: return QStringLiteral("coo");
    case SparseFormat::Bsr: return QStringLiteral("bsr");
    case SparseFormat::Dia: return QStringLiteral("dia");
    }
    return {};
}

QString SparseMatrix::description() const
{
    const double cells = double(rows) * double(cols);
    const double percent = cells > 0 ? 100.0 * double(nnz) / cells : 0.0;
    return Tr::tr("%1 %2 × %3, %4 non-zeros, %5 %")
        .arg(formatName(), grouped(rows), grouped(cols), grouped(nnz), QString::number(percent, 'g', 3));
}

std::optional<SparseLayout> sparseLayoutOf(const Source &source)
{
    if (source.format() != FileFormat::Npz)
        return std::nullopt;
    SparseLayout l;
    const QHash<QString, int *> partOf = {
        {QStringLiteral("format"), &l.format},   {QStringLiteral("shape"), &l.shape},
        {QStringLiteral("data"), &l.data},       {QStringLiteral("indices"), &l.indices},
        {QStringLiteral("indptr"), &l.indptr},   {QStringLiteral("row"), &l.row},
        {QStringLiteral("col"), &l.col},         {QStringLiteral("offsets"), &l.offsets},
        {QStringLiteral("_is_array"), &l.isArray},
    };
    const QList<MemberInfo> &members = source.members();
    for (int i = 0; i < members.size(); ++i) {
        int *slot = partOf.value(members[i].name, nullptr);
        if (!slot || *slot >= 0)
            return std::nullopt;
        *slot = i;
    }
    if (l.format < 0 || l.shape < 0 || l.data < 0)
        return std::nullopt;
    const bool compressed = l.indices >= 0 && l.indptr >= 0 && l.row < 0 && l.col < 0 && l.offsets < 0;
    const bool coo = l.row >= 0 && l.col >= 0 && l.indices < 0 && l.indptr < 0 && l.offsets < 0;
    const bool dia = l.offsets >= 0 && l.indices < 0 && l.indptr < 0 && l.row < 0 && l.col < 0;
    if (!compressed && !coo && !dia)
        return std::nullopt;
    return l;
}

std::optional<SparseFormat> sparseFormatNamed(const QString &name)
{
    static const QHash<QString, SparseFormat> formats = {
        {QStringLiteral("csr"), SparseFormat::Csr}, {QStringLiteral("csc"), SparseFormat::Csc},
        {QStringLiteral("coo"), SparseFormat::Coo}, {QStringLiteral("bsr"), SparseFormat::Bsr},
        {QStringLiteral("dia"), SparseFormat::Dia},
    };
    if (!formats.contains(name))
        return std::nullopt;
    return formats.value(name);
}

Status checkSparseMatrix(SparseMatrix *m, const SparsePartNames &where, const Progress &progress)
{
    qint64 cells = 0;
    if (m->rows < 0 || m->cols < 0 || !checkedMul(m->rows, m->cols, &cells))
        return Status::failure(Tr::tr("%1: (%2, %3) is not a matrix shape").arg(where.shape).arg(m->rows).arg(m->cols));
    const bool compressed = m->format == SparseFormat::Csr || m->format == SparseFormat::Csc || m->format == SparseFormat::Bsr;
    const NpyArray *needed[] = {&m->data, compressed ? &m->indices : m->format == SparseFormat::Coo ? &m->row : &m->offsets,
                                compressed ? &m->indptr : m->format == SparseFormat::Coo ? &m->col : &m->data};
    for (const NpyArray *part : needed)
        if (part->isNull())
            return Status::failure(Tr::tr("%1: a %2 matrix without its parts").arg(where.format, m->scipyName()));
    m->dtype = m->data.dtype();
    if (!isSparseValueType(m->dtype))
        return Status::failure(Tr::tr("%1: a sparse matrix of %2 cannot be shown (bool, integers, float32/64 and complex can)")
                                   .arg(where.data, m->dtype.displayName()));
    m->blockRows = m->blockCols = 1;
    m->nnz = 0;
    if (compressed) {
        qint64 majors = m->format == SparseFormat::Csc ? m->cols : m->rows;
        qint64 minors = m->format == SparseFormat::Csc ? m->rows : m->cols;
        qint64 stored = m->data.size();
        if (m->format == SparseFormat::Bsr) {
            if (m->data.ndim() != 3)
                return Status::failure(Tr::tr("%1: a bsr matrix's data has three axes (blocks, rows, columns), not shape %2")
                                           .arg(where.data, m->data.header().shapeText()));
            m->blockRows = m->data.shape()[1];
            m->blockCols = m->data.shape()[2];
            if (m->blockRows <= 0 || m->blockCols <= 0 || m->rows % m->blockRows != 0 || m->cols % m->blockCols != 0)
                return Status::failure(Tr::tr("%1: blocks of %2 × %3 do not tile a %4 × %5 matrix")
                                           .arg(where.data).arg(m->blockRows).arg(m->blockCols).arg(m->rows).arg(m->cols));
            majors = m->rows / m->blockRows;
            minors = m->cols / m->blockCols;
            stored = m->data.shape()[0];
        } else if (m->data.ndim() != 1) {
            return Status::failure(Tr::tr("%1: not 1-D (shape %2)").arg(where.data, m->data.header().shapeText()));
        }
        if (m->indices.size() != stored)
            return Status::failure(Tr::tr("%1: %2 entries, but data holds %3").arg(where.indices).arg(m->indices.size()).arg(stored));
        const Status ptrOk = checkIndptr(m->indptr, majors + 1, stored, where.indptr);
        if (!ptrOk)
            return ptrOk;
        const Status idxOk = checkIndexes(m->indices, minors, where.indices, progress);
        if (!idxOk)
            return idxOk;
        m->nnz = IntReader(m->indptr).at(majors) * m->blockRows * m->blockCols;
    } else if (m->format == SparseFormat::Coo) {
        if (m->data.ndim() != 1)
            return Status::failure(Tr::tr("%1: not 1-D (shape %2)").arg(where.data, m->data.header().shapeText()));
        if (m->row.size() != m->data.size() || m->col.size() != m->data.size())
            return Status::failure(Tr::tr("%1: row, col and data hold %2, %3 and %4 entries: they must agree")
                                       .arg(where.format).arg(m->row.size()).arg(m->col.size()).arg(m->data.size()));
        const Status rowOk = checkIndexes(m->row, m->rows, where.row, progress);
        if (!rowOk)
            return rowOk;
        const Status colOk = checkIndexes(m->col, m->cols, where.col, progress);
        if (!colOk)
            return colOk;
        m->nnz = m->data.size();
    } else {
        if (m->offsets.ndim() != 1 || !isIntegerArray(m->offsets))
            return Status::failure(Tr::tr("%1: not a 1-D integer array (%2, shape %3)")
                                       .arg(where.offsets, m->offsets.dtype().displayName(), m->offsets.header().shapeText()));
        if (m->data.ndim() != 2 || m->data.shape()[0] != m->offsets.size())
            return Status::failure(Tr::tr("%1: shape %2 does not hold one row per offset (%3 offsets)")
                                       .arg(where.data, m->data.header().shapeText()).arg(m->offsets.size()));
        // SciPy's dia_matrix.nnz, as SciPy 1.x computes it: min(M, N - k) or min(M + k, N) per offset k, a
        // diagonal wholly outside the matrix counting negative.
        const IntReader off(m->offsets);
        QSet<qint64> seen;
        for (qint64 d = 0; d < off.size(); ++d) {
            const qint64 k = off.at(d);
            if (seen.contains(k))
                return Status::failure(Tr::tr("%1: offset %2 is stored twice").arg(where.offsets).arg(k));
            seen.insert(k);
            const qint64 len = k > 0 ? std::min(m->rows, m->cols - k) : std::min(m->rows + k, m->cols);
            m->nnz += len;
        }
    }
    return {};
}

Result<SparseMatrix> readSparseMatrix(const Source &source, const SparseLayout &layout, const Progress &progress)
{
    using R = Result<SparseMatrix>;
    const Parts parts{source, layout, progress};
    SparseMatrix m;
    SparsePartNames where;
    where.format = parts.where(layout.format);
    where.shape = parts.where(layout.shape);
    where.data = parts.where(layout.data);
    for (auto [index, name] : {std::pair{layout.indices, &where.indices}, std::pair{layout.indptr, &where.indptr},
                               std::pair{layout.row, &where.row}, std::pair{layout.col, &where.col},
                               std::pair{layout.offsets, &where.offsets}})
        *name = index >= 0 ? parts.where(index) : where.format;

    Result<NpyArray> format = parts.load(layout.format);
    if (!format)
        return R::failure(format.error());
    Result<QString> name = formatText(format.value(), where.format);
    if (!name)
        return R::failure(name.error());
    const std::optional<SparseFormat> known = sparseFormatNamed(name.value());
    if (!known)
        return R::failure(Tr::tr("%1: '%2' is not a sparse format SciPy writes (csr, csc, coo, bsr, dia)")
                              .arg(where.format, name.value()));
    m.format = *known;
    const bool compressed = m.format == SparseFormat::Csr || m.format == SparseFormat::Csc || m.format == SparseFormat::Bsr;
    const bool partsFit = compressed ? layout.indices >= 0 : m.format == SparseFormat::Coo ? layout.row >= 0 : layout.offsets >= 0;
    if (!partsFit)
        return R::failure(Tr::tr("%1: the format says '%2' but the archive holds the parts of another format")
                              .arg(where.format, name.value()));

    Result<NpyArray> shape = parts.load(layout.shape);
    if (!shape)
        return R::failure(shape.error());
    if (shape->ndim() != 1 || shape->size() != 2 || !isIntegerArray(shape.value()))
        return R::failure(Tr::tr("%1: not two integers (%2, shape %3)")
                              .arg(where.shape, shape->dtype().displayName(), shape->header().shapeText()));
    const IntReader dims(shape.value());
    m.rows = dims.at(0);
    m.cols = dims.at(1);

    for (auto [index, array] : {std::pair{layout.data, &m.data}, std::pair{layout.indices, &m.indices},
                                std::pair{layout.indptr, &m.indptr}, std::pair{layout.row, &m.row},
                                std::pair{layout.col, &m.col}, std::pair{layout.offsets, &m.offsets}}) {
        if (index < 0)
            continue;
        Result<NpyArray> part = parts.load(index);
        if (!part)
            return R::failure(part.error());
        *array = part.value();
    }
    const Status ok = checkSparseMatrix(&m, where, progress);
    if (!ok)
        return R::failure(ok.error());
    return m;
}

Result<NpyArray> sparseDenseView(const SparseMatrix &m, const Progress &progress)
{
    NpyHeader h;
    h.dtype = m.dtype;
    if (h.dtype.itemSize > 1)
        h.dtype.byteOrder = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>';
    h.shape = {m.rows, m.cols};
    if (!arraySize(h.shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes))
        return Result<NpyArray>::failure(Tr::tr("a %1 × %2 matrix of %3 is too large to address")
                                             .arg(m.rows).arg(m.cols).arg(m.dtype.displayName()));
    std::shared_ptr<AllocatedStore> store = AllocatedStore::allocateZeroed(h.dataBytes);
    if (!store)
        return Result<NpyArray>::failure(Tr::tr("no address space for the %1 × %2 dense view (%3 bytes)")
                                             .arg(m.rows).arg(m.cols).arg(h.dataBytes));
    uchar *out = store->writable();
    const qint64 item = h.dtype.itemSize;
    const qint64 cols = m.cols;
    const bool swap = m.dtype.needsSwap();
    bool done = true;
    withAdder(m.dtype, [&](auto adder) {
        using A = decltype(adder);
        done = forEachEntry(m, progress, [&](qint64 r, qint64 c, const uchar *v) {
            A::add(out + (r * cols + c) * item, v, swap);
        });
    });
    if (!done)
        return Result<NpyArray>::failure(Tr::tr("cancelled"));
    return NpyArray(h, std::shared_ptr<const ByteStore>(std::move(store)));
}

} // namespace npy
