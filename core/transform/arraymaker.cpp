#include "arraymaker.h"
#include "arraymaker_p.h"

#include "npyheader.h"
#include "numpycode.h"
#include "valuetext.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace npy {

namespace {

using R = Result<ArrayMaker>;

QString bytesText(qint64 bytes)
{
    if (bytes < 1024)
        return MakerTr::tr("%1 bytes").arg(bytes);
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = double(bytes);
    int u = -1;
    while (v >= 1024 && u < 5) {
        v /= 1024;
        ++u;
    }
    return QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(units[u]));
}

/** One element of \a type cast from Python number \a n as NumPy's unsafe copyto casts it; refused when lost. */
Result<QByteArray> castNumber(const PyNumber &n, const DType &type, const QString &what)
{
    using B = Result<QByteArray>;
    Result<ElementCast> cast = ElementCast::create(n.dtype(), type, 1);
    if (!cast)
        return B::failure(MakerTr::tr("%1: %2").arg(what, cast.error()));
    const QByteArray in = n.bytes();
    QByteArray out(qsizetype(type.itemSize), '\0');
    CastReport report;
    if (!cast->convert(reinterpret_cast<const uchar *>(in.constData()), reinterpret_cast<uchar *>(out.data()), 1, 0,
                       &report))
        return B::failure(MakerTr::tr("%1: %2").arg(what, cast->failure()));
    if (report.overflow + report.nan + report.infinity + report.imaginary > 0)
        return B::failure(MakerTr::tr("%1: %2 cannot be %3 (%4)")
                              .arg(what, n.repr(), type.displayName(), CastReport::changeName(report.firstChange)));
    return out;
}

/** The element NumPy writes for the Python int 1 (np.ones, np.identity): `b'1'` and `'1'` for text. */
Result<QByteArray> oneElement(const DType &type)
{
    if (type.kind == Kind::Bytes || type.kind == Kind::Unicode) {
        QByteArray out;
        QString why;
        if (!parseValue(type, QStringLiteral("1"), &out, &why))
            return Result<QByteArray>::failure(why);
        return out;
    }
    PyNumber one;
    one.i = 1;
    return castNumber(one, type, MakerTr::tr("one"));
}

/** np.full's value: text for S and U, a date, duration or count for datetime64 and timedelta64, else a number. */
Result<QByteArray> fillElement(const DType &type, const QString &value, QString *repr)
{
    using B = Result<QByteArray>;
    const QString what = MakerTr::tr("value");
    const QString text = value.trimmed();
    if (text.isEmpty() && type.kind != Kind::Bytes && type.kind != Kind::Unicode)
        return B::failure(MakerTr::tr("value: give the value of every element"));
    const bool time = type.kind == Kind::DateTime || type.kind == Kind::TimeDelta;
    if (time) {
        Result<PyNumber> n = parsePyNumber(text, what);
        if (n && n->type == PyNumber::Type::Int) {
            *repr = n->repr();
            return castNumber(n.value(), type, what);
        }
    }
    if (time || type.kind == Kind::Bytes || type.kind == Kind::Unicode) {
        // b'..' stays a bytes literal (parseValue() reads its escapes); quotes around text are Python's.
        const bool bytesLiteral = type.kind == Kind::Bytes
                                  && (text.startsWith(QLatin1String("b'")) || text.startsWith(QLatin1String("b\"")));
        const QString t = bytesLiteral ? text : unquoted(text);
        QByteArray out;
        QString why;
        if (!parseValue(type, t, &out, &why))
            return B::failure(MakerTr::tr("value: %1").arg(why));
        *repr = pythonLiteral(type, reinterpret_cast<const uchar *>(out.constData()));
        return out;
    }
    Result<PyNumber> n = parsePyNumber(text, what);
    if (!n)
        return B::failure(n.error());
    *repr = n->repr();
    return castNumber(n.value(), type, what);
}

Result<qint64> sizeArgument(const QString &text, const QString &what)
{
    Result<PyNumber> n = parsePyNumber(text, what);
    if (!n)
        return Result<qint64>::failure(n.error());
    if (n->type != PyNumber::Type::Int)
        return Result<qint64>::failure(MakerTr::tr("%1: %2 is not an integer").arg(what, n->repr()));
    if (n->i < 0)
        return Result<qint64>::failure(MakerTr::tr("%1: negative dimensions are not allowed").arg(what));
    return n->i;
}

} // namespace

Result<ArrayMaker> ArrayMaker::create(const MakeSpec &spec, qint64 maxBytes)
{
    Result<DType> parsed = parseDTypeText(spec.dtype);
    if (!parsed)
        return R::failure(MakerTr::tr("dtype: %1").arg(parsed.error()));
    const DType type = parsed.value();
    auto state = std::make_shared<State>();
    state->kind = spec.kind;
    const QString dtype = pyRepr(type.typeString());
    QList<qint64> shape;
    switch (spec.kind) {
    case MakeKind::Zeros:
    case MakeKind::Ones:
    case MakeKind::Full: {
        Result<QList<qint64>> s = parseShapeText(spec.shape);
        if (!s)
            return R::failure(MakerTr::tr("shape: %1").arg(s.error()));
        shape = s.value();
        const QString shapeText = pyTupleRepr(shape);
        if (spec.kind == MakeKind::Zeros) {
            state->expression = QStringLiteral("np.zeros(%1, dtype=%2)").arg(shapeText, dtype);
        } else if (spec.kind == MakeKind::Ones) {
            Result<QByteArray> one = oneElement(type);
            if (!one)
                return R::failure(one.error());
            state->one = one.value();
            state->expression = QStringLiteral("np.ones(%1, dtype=%2)").arg(shapeText, dtype);
        } else {
            QString repr;
            Result<QByteArray> value = fillElement(type, spec.value, &repr);
            if (!value)
                return R::failure(value.error());
            state->one = value.value();
            state->expression = QStringLiteral("np.full(%1, %2, dtype=%3)").arg(shapeText, repr, dtype);
        }
        break;
    }
    case MakeKind::Identity: {
        Result<qint64> n = sizeArgument(spec.n, QStringLiteral("n"));
        if (!n)
            return R::failure(n.error());
        Result<QByteArray> one = oneElement(type);
        if (!one)
            return R::failure(one.error());
        state->one = one.value();
        shape = {n.value(), n.value()};
        state->expression = QStringLiteral("np.identity(%1, dtype=%2)").arg(n.value()).arg(dtype);
        break;
    }
    case MakeKind::Arange:
    case MakeKind::Linspace: {
        Result<RangePlan> plan = spec.kind == MakeKind::Arange ? planArange(spec, type, &state->expression)
                                                               : planLinspace(spec, type, &state->expression);
        if (!plan)
            return R::failure(plan.error());
        state->range = std::move(plan).value();
        shape = {state->range.length};
        break;
    }
    }
    NpyHeader &h = state->header;
    h.dtype = type;
    h.shape = shape;
    h.dataOffset = 0;
    if (!arraySize(shape, type.itemSize, &h.elementCount, &h.dataBytes))
        return R::failure(MakerTr::tr("%1 would be larger than any memory").arg(state->expression));
    if (h.dataBytes > maxBytes)
        return R::failure(MakerTr::tr("%1 would take %2, more than the %3 a new member may take in memory")
                              .arg(state->expression, bytesText(h.dataBytes), bytesText(maxBytes)));
    ArrayMaker maker;
    maker.mState = std::move(state);
    return maker;
}

const NpyHeader &ArrayMaker::header() const
{
    return mState->header;
}

QString ArrayMaker::expression() const
{
    return mState->expression;
}

void ArrayMaker::fill(uchar *dst, qint64 first, qint64 count) const
{
    const State &s = *mState;
    const DType &type = s.header.dtype;
    const qint64 size = type.itemSize;
    switch (s.kind) {
    case MakeKind::Zeros:
        std::memset(dst, 0, size_t(count * size));
        return;
    case MakeKind::Ones:
    case MakeKind::Full:
        for (qint64 k = 0; k < count; ++k)
            std::memcpy(dst + k * size, s.one.constData(), size_t(size));
        return;
    case MakeKind::Identity: {
        const qint64 n = s.header.shape.value(1);
        std::memset(dst, 0, size_t(count * size));
        for (qint64 k = 0; k < count; ++k) {
            const qint64 flat = first + k;
            if (flat / n == flat % n)
                std::memcpy(dst + k * size, s.one.constData(), size_t(size));
        }
        return;
    }
    case MakeKind::Arange:
    case MakeKind::Linspace:
        fillRange(s.range, type, dst, first, count);
        return;
    }
}

QString ArrayMaker::preview(int count) const
{
    const NpyHeader &h = mState->header;
    const qint64 n = std::min<qint64>(count, h.elementCount);
    QByteArray bytes(qsizetype(n * h.dtype.itemSize), '\0');
    fill(reinterpret_cast<uchar *>(bytes.data()), 0, n);
    QStringList values;
    for (qint64 i = 0; i < n; ++i)
        values.append(formatValue(h.dtype, reinterpret_cast<const uchar *>(bytes.constData()) + i * h.dtype.itemSize));
    if (h.shape.isEmpty())
        return values.value(0);
    if (n < h.elementCount)
        values.append(QString(QChar(0x2026)));
    return QLatin1Char('[') + values.join(QStringLiteral(", ")) + QLatin1Char(']');
}

Result<NpyArray> ArrayMaker::make(const Progress &progress) const
{
    using A = Result<NpyArray>;
    const NpyHeader &h = mState->header;
    QByteArray bytes;
    try {
        bytes.resize(qsizetype(h.dataBytes));
    } catch (const std::bad_alloc &) {
        return A::failure(MakerTr::tr("not enough memory for %1").arg(bytesText(h.dataBytes)));
    }
    constexpr qint64 kBlock = qint64(1) << 20;
    uchar *dst = reinterpret_cast<uchar *>(bytes.data());
    for (qint64 done = 0; done < h.elementCount; done += kBlock) {
        if (progress.cancelled())
            return A::failure(MakerTr::tr("Cancelled."));
        const qint64 n = std::min(kBlock, h.elementCount - done);
        fill(dst + done * h.dtype.itemSize, done, n);
        if (progress.report)
            progress.report(done + n, h.elementCount);
    }
    return NpyArray(h, std::move(bytes));
}

} // namespace npy
