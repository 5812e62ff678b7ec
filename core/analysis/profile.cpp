#include "profile.h"

#include "density.h"
#include "numpycode.h"
#include "pageadvice.h"
#include "savefile.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSaveFile>
#include <QStringList>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <limits>

namespace npy {

namespace {

constexpr qint64 kCancelEvery = 1024; ///< points between two looks at the cancel flag

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Profile", text);
}

bool isCancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

/** The element nearest \a x along an axis (order 0: halves round up). */
qint64 nearest(double x)
{
    return qint64(std::floor(x + 0.5));
}

/** The lowest address of the elements of \a box (a box of the slice), and the end of the highest one. */
const uchar *lowest(const SliceAccess &a, const CellRange &box)
{
    const qint64 r1 = box.row + box.rows - 1, c1 = box.col + box.cols - 1;
    return std::min({a.element(box.row, box.col), a.element(box.row, c1), a.element(r1, box.col), a.element(r1, c1)});
}

const uchar *highest(const SliceAccess &a, const CellRange &box)
{
    const qint64 r1 = box.row + box.rows - 1, c1 = box.col + box.cols - 1;
    return std::max({a.element(box.row, box.col), a.element(box.row, c1), a.element(r1, box.col), a.element(r1, c1)})
           + a.type().itemSize;
}

/**
 * While alive, the elements of \a box (a box of the slice) are read without read-ahead when \a sparse (a page a
 * point or so: a column, a line); at the end their pages are given back when \a release and the slice is a
 * read-only map.
 */
class PageCare
{
public:
    PageCare(const SliceAccess &a, const CellRange &box, bool sparse, bool release)
        : mAccess(a), mBox(box), mRelease(release),
          mAdvice(sparse && a.isMapped() ? lowest(a, box) : nullptr, highest(a, box), false)
    {
    }
    ~PageCare()
    {
        if (mRelease)
            releaseProfilePages(mAccess, mBox);
    }
    PageCare(const PageCare &) = delete;
    PageCare &operator=(const PageCare &) = delete;

private:
    const SliceAccess &mAccess;
    CellRange mBox;
    bool mRelease;
    SparseReadAdvice mAdvice;
};

/** More bytes than this between the points along a line: its elements lie on pages of their own. */
constexpr qint64 kSparseStride = 256;

/** Row or Column: the mean across the clipped band, point by point, reading the band row by row. */
template <class Read>
void straight(const SliceAccess &a, bool isRow, qint64 index, const Read &read, Profile *p,
              const std::atomic_bool *cancel, bool release)
{
    const qint64 w = p->geometry.width;
    const qint64 acrossLength = isRow ? a.rows() : a.cols();
    const qint64 n = isRow ? a.cols() : a.rows();
    const qint64 first = std::max<qint64>(0, index - (w - 1) / 2);
    const qint64 last = std::min(acrossLength - 1, index - (w - 1) / 2 + w - 1);
    p->firstAcross = first;
    p->lastAcross = last;
    p->length = double(n - 1);
    std::vector<double> sums(size_t(n), 0.0);
    std::vector<qint32> counts(size_t(n), 0);
    // A row's elements lie together in C order: the band is read a row at a time for either kind.
    const qint64 rowFrom = isRow ? first : 0, rowTo = isRow ? last : n - 1;
    const qint64 colFrom = isRow ? 0 : first, colTo = isRow ? n - 1 : last;
    p->readBox = CellRange{rowFrom, colFrom, rowTo - rowFrom + 1, colTo - colFrom + 1};
    const qint64 along = isRow ? a.colStride() : a.rowStride();
    const PageCare care(a, p->readBox, std::abs(along) > kSparseStride, release);
    for (qint64 r = rowFrom; r <= rowTo; ++r) {
        if (isCancelled(cancel)) {
            p->cancelled = true;
            return;
        }
        for (qint64 c = colFrom; c <= colTo; ++c) {
            const double v = read(a.element(r, c));
            if (v == v) {
                const size_t i = size_t(isRow ? c : r);
                sums[i] += v;
                ++counts[i];
            }
        }
    }
    p->positions.resize(size_t(n));
    p->rows.resize(size_t(n));
    p->cols.resize(size_t(n));
    p->values.resize(size_t(n));
    for (qint64 i = 0; i < n; ++i) {
        const size_t k = size_t(i);
        p->positions[k] = double(i);
        p->rows[k] = isRow ? index : i;
        p->cols[k] = isRow ? i : index;
        p->values[k] = counts[k] ? sums[k] / double(counts[k]) : std::numeric_limits<double>::quiet_NaN();
    }
}

/** np.linspace(\a from, \a to, \a n) as NumPy computes it. */
std::vector<double> linspace(double from, double to, qint64 n)
{
    if (n == 1)
        return {from};
    return histogramEdges(from, to, n - 1);
}

/** Line: the points of skimage's profile_line (order 0), each the mean of the elements across it. */
template <class Read>
void line(const SliceAccess &a, const Read &read, Profile *p, const std::atomic_bool *cancel, bool release)
{
    const ProfileGeometry &g = p->geometry;
    const qint64 w = g.width;
    const double dr = g.row1 - g.row0, dc = g.col1 - g.col0;
    const double length = std::hypot(dr, dc);
    const qint64 n = qint64(std::ceil(length + 1.0));
    p->length = length;
    p->firstAcross = 0;
    p->lastAcross = w - 1;
    const std::vector<double> lineRows = linspace(g.row0, g.row1, n), lineCols = linspace(g.col0, g.col1, n);
    const double theta = std::atan2(dr, dc);
    const double rowHalf = double(w - 1) * std::cos(theta) / 2.0;
    const double colHalf = double(w - 1) * std::sin(-theta) / 2.0;
    const std::vector<double> rowOffsets = w == 1 ? std::vector<double>{0.0} : linspace(-rowHalf, rowHalf, w);
    const std::vector<double> colOffsets = w == 1 ? std::vector<double>{0.0} : linspace(-colHalf, colHalf, w);
    // The band's bounding box (points outside the slice are never read).
    const double reachR = std::abs(rowHalf) + 1.0, reachC = std::abs(colHalf) + 1.0;
    const qint64 r0 = std::max<qint64>(0, nearest(std::min(g.row0, g.row1) - reachR));
    const qint64 r1 = std::min(a.rows() - 1, nearest(std::max(g.row0, g.row1) + reachR));
    const qint64 c0 = std::max<qint64>(0, nearest(std::min(g.col0, g.col1) - reachC));
    const qint64 c1 = std::min(a.cols() - 1, nearest(std::max(g.col0, g.col1) + reachC));
    p->readBox = CellRange{r0, c0, r1 - r0 + 1, c1 - c0 + 1};
    const PageCare care(a, p->readBox, true, release);
    p->positions = linspace(0.0, length, n);
    p->rows.resize(size_t(n));
    p->cols.resize(size_t(n));
    p->values.resize(size_t(n));
    for (qint64 i = 0; i < n; ++i) {
        if (i % kCancelEvery == 0 && isCancelled(cancel)) {
            p->cancelled = true;
            return;
        }
        const size_t k = size_t(i);
        const double rowAt = lineRows[k], colAt = lineCols[k];
        p->rows[k] = nearest(rowAt);
        p->cols[k] = nearest(colAt);
        double sum = 0.0;
        qint64 count = 0;
        for (qint64 j = 0; j < w; ++j) {
            const qint64 r = nearest(rowAt + rowOffsets[size_t(j)]);
            const qint64 c = nearest(colAt + colOffsets[size_t(j)]);
            if (r < 0 || c < 0 || r >= a.rows() || c >= a.cols())
                continue;
            const double v = read(a.element(r, c));
            if (v == v) {
                sum += v;
                ++count;
            }
        }
        p->values[k] = count ? sum / double(count) : std::numeric_limits<double>::quiet_NaN();
    }
}

bool inside(double v, qint64 length)
{
    return std::isfinite(v) && v >= 0.0 && v <= double(length - 1);
}

} // namespace

Result<Profile> computeProfile(const SliceAccess &access, const ProfileGeometry &g, const std::atomic_bool *cancel,
                               bool releasePages)
{
    using R = Result<Profile>;
    const qint64 rows = access.rows(), cols = access.cols();
    if (rows <= 0 || cols <= 0)
        return R::failure(tr("the slice has no elements"));
    if (g.width < 1 || g.width > kMaxProfileWidth)
        return R::failure(tr("a profile is 1 to %1 elements wide, not %2").arg(kMaxProfileWidth).arg(g.width));
    Profile p;
    p.geometry = g;
    switch (g.kind) {
    case ProfileKind::Row:
    case ProfileKind::Column: {
        const bool isRow = g.kind == ProfileKind::Row;
        const double at = isRow ? g.row0 : g.col0;
        const qint64 across = isRow ? rows : cols;
        if (!inside(at, across) || at != std::floor(at))
            return R::failure((isRow ? tr("row %1 is not a row of a slice of %2 rows")
                                     : tr("column %1 is not a column of a slice of %2 columns"))
                                  .arg(at)
                                  .arg(across));
        withElementReader(access.type(), access.complexPart(), [&](const auto &read) {
            straight(access, isRow, qint64(at), read, &p, cancel, releasePages);
        });
        break;
    }
    case ProfileKind::Line: {
        if (!inside(g.row0, rows) || !inside(g.row1, rows) || !inside(g.col0, cols) || !inside(g.col1, cols))
            return R::failure(tr("the line from (%1, %2) to (%3, %4) leaves the slice of %5 x %6 elements")
                                  .arg(g.row0)
                                  .arg(g.col0)
                                  .arg(g.row1)
                                  .arg(g.col1)
                                  .arg(rows)
                                  .arg(cols));
        const double points = std::ceil(std::hypot(g.row1 - g.row0, g.col1 - g.col0) + 1.0);
        if (points > double(kMaxProfilePoints))
            return R::failure(tr("a line of %1 points: at most %2").arg(points, 0, 'f', 0).arg(kMaxProfilePoints));
        withElementReader(access.type(), access.complexPart(),
                          [&](const auto &read) { line(access, read, &p, cancel, releasePages); });
        break;
    }
    }
    return p;
}

void releaseProfilePages(const SliceAccess &access, const CellRange &box)
{
    const qint64 r0 = std::max<qint64>(0, box.row), c0 = std::max<qint64>(0, box.col);
    const qint64 r1 = std::min(access.rows(), box.row + box.rows), c1 = std::min(access.cols(), box.col + box.cols);
    if (!access.isReadOnlyMap() || r1 <= r0 || c1 <= c0)
        return;
    const CellRange clipped{r0, c0, r1 - r0, c1 - c0};
    releasePages(lowest(access, clipped), highest(access, clipped));
}

// ---------------------------------------------------------------------------------------------- NumPy code

namespace {

/**
 * Finds leaf \a *remaining of \a type (leafColumns() order): the field indexing that reaches it (`['a']['b']`)
 * into \a path and the indexes into its subarrays (outermost first) into \a sub.
 */
bool findLeaf(const DType &type, int *remaining, QString *path, QStringList *sub)
{
    if (type.kind != Kind::Struct)
        return (*remaining)-- == 0;
    for (const Field &f : type.fields) {
        qint64 count = 1;
        for (qint64 d : f.shape)
            count *= d;
        for (qint64 i = 0; i < count; ++i) {
            QString p = *path + QLatin1Char('[') + pyRepr(f.name) + QLatin1Char(']');
            QStringList s = *sub;
            const QList<qint64> at = f.shape.isEmpty() ? QList<qint64>() : unravelIndex(i, f.shape);
            for (qint64 v : at)
                s << QString::number(v);
            if (findLeaf(f.type, remaining, &p, &s)) {
                *path = p;
                *sub = s;
                return true;
            }
        }
    }
    return false;
}

QString number(double v)
{
    if (std::isnan(v))
        return QStringLiteral("nan");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

} // namespace

Result<QString> profileNumpyCode(const NpyHeader &header, const SliceSpec &spec, ComplexPart part,
                                 const Profile &profile, const QString &name)
{
    using R = Result<QString>;
    if (profile.values.empty() || profile.cancelled)
        return R::failure(tr("there is no profile to copy"));
    DType leaf = header.dtype;
    QString path;
    QStringList sub;
    if (header.dtype.kind == Kind::Struct) {
        int remaining = spec.field;
        if (spec.field < 0 || !findLeaf(header.dtype, &remaining, &path, &sub))
            return R::failure(tr("the profile's field is not a field of the array"));
        leaf = leafColumns(header.dtype).at(spec.field).type;
    }
    const ProfileGeometry &g = profile.geometry;
    const bool dates = leaf.kind == Kind::DateTime || leaf.kind == Kind::TimeDelta;
    if (g.kind == ProfileKind::Line || dates) {
        if (profile.size() > kMaxProfileCodeValues)
            return R::failure(tr("the profile has %1 values: at most %2 are copied as code")
                                  .arg(profile.size())
                                  .arg(kMaxProfileCodeValues));
        DType f8;
        QString why;
        if (!DType::fromTypeString(QStringLiteral("<f8"), &f8, &why))
            return R::failure(why);
        return numpyCode(f8, {profile.size()}, [&](qint64 i) {
            return reinterpret_cast<const uchar *>(&profile.values[size_t(i)]);
        });
    }
    const bool isRow = g.kind == ProfileKind::Row;
    const int acrossAxis = isRow ? spec.rowAxis : spec.colAxis;
    const int alongAxis = isRow ? spec.colAxis : spec.rowAxis;
    const bool band = profile.lastAcross > profile.firstAcross;
    QStringList index;
    for (int axis = 0; axis < header.shape.size(); ++axis) {
        if (axis == acrossAxis)
            index << (band ? QStringLiteral("%1:%2").arg(profile.firstAcross).arg(profile.lastAcross + 1)
                           : QString::number(profile.firstAcross));
        else if (axis == alongAxis)
            index << QStringLiteral(":");
        else
            index << QString::number(spec.index.value(axis));
    }
    index << sub;
    const QString indexing = index.isEmpty() ? QStringLiteral("()") : index.join(QStringLiteral(", "));
    QString code = name + path + QLatin1Char('[') + indexing + QLatin1Char(']');
    qint64 realSize = leaf.itemSize;
    if (leaf.kind == Kind::Complex) {
        realSize /= 2;
        // The magnitude and the phase are taken of the parts as doubles (NumPy's of complex64 are float32).
        const QString wide = realSize == 8 ? code : code + QStringLiteral(".astype(np.complex128)");
        switch (part) {
        case ComplexPart::Magnitude: code = QStringLiteral("np.abs(%1)").arg(wide); break;
        case ComplexPart::Phase: code = QStringLiteral("np.angle(%1)").arg(wide); break;
        case ComplexPart::Real: code += QStringLiteral(".real"); break;
        case ComplexPart::Imag: code += QStringLiteral(".imag"); break;
        }
        if (part == ComplexPart::Magnitude || part == ComplexPart::Phase)
            realSize = 8;
    }
    if (!band)
        return code;
    // The band's axis among the axes the indexing keeps (the across and the along one, in order).
    const int axis = alongAxis >= 0 && alongAxis < acrossAxis ? 1 : 0;
    if (leaf.kind == Kind::Float || leaf.kind == Kind::Complex) {
        const QString dtype = realSize == 8 ? QString() : QStringLiteral(", dtype=np.float64");
        return QStringLiteral("np.nanmean(%1, axis=%2%3)").arg(code).arg(axis).arg(dtype);
    }
    return QStringLiteral("%1.mean(axis=%2)").arg(code).arg(axis);
}

// ------------------------------------------------------------------------------------------------------ CSV

QByteArray profileCsv(const Profile &profile)
{
    QByteArray out = "position,row,col,value\n";
    out.reserve(out.size() + qsizetype(profile.values.size()) * 32);
    for (size_t i = 0; i < profile.values.size(); ++i) {
        out += number(profile.positions[i]).toLatin1();
        out += ',';
        out += QByteArray::number(profile.rows[i]);
        out += ',';
        out += QByteArray::number(profile.cols[i]);
        out += ',';
        out += number(profile.values[i]).toLatin1();
        out += '\n';
    }
    return out;
}

Status writeProfileCsv(const QString &path, const Profile &profile)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::failure(tr("%1: cannot write: %2").arg(path, file.errorString()));
    const QByteArray csv = profileCsv(profile);
    if (file.write(csv) != csv.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return Status::failure(tr("%1: cannot write: %2").arg(path, why));
    }
    if (!file.commit()) {
        const int error = errno;
        return Status::failure(tr("%1: could not finish writing: %2").arg(path, commitFailureReason(file, error)));
    }
    return Status();
}

} // namespace npy
