#include "sortorder.h"

#include "elementload.h"
#include "valuetext.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace npy {

using elements::load;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::SortOrder", text);
}

bool cancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

/**
 * Sorts the indexes whose key is not missing by their keys (stable; descending keeps equal keys in index order),
 * then appends the missing ones in index order. \a key(i) gives element i's key, \a missing(i) whether it has none.
 */
template <class Key, class KeyOf, class Missing, class Less>
std::vector<qint64> orderBy(qint64 n, const KeyOf &key, const Missing &missing, const Less &less, bool descending,
                            const std::atomic_bool *cancel)
{
    std::vector<std::pair<Key, qint64>> present;
    std::vector<qint64> absent;
    present.reserve(size_t(n));
    for (qint64 i = 0; i < n; ++i) {
        if (missing(i))
            absent.push_back(i);
        else
            present.emplace_back(key(i), i);
    }
    if (cancelled(cancel))
        return {};
    if (descending)
        std::stable_sort(present.begin(), present.end(),
                         [&less](const auto &a, const auto &b) { return less(b.first, a.first); });
    else
        std::stable_sort(present.begin(), present.end(),
                         [&less](const auto &a, const auto &b) { return less(a.first, b.first); });
    if (cancelled(cancel))
        return {};
    std::vector<qint64> order;
    order.reserve(size_t(n));
    for (const auto &p : present)
        order.push_back(p.second);
    order.insert(order.end(), absent.begin(), absent.end());
    return order;
}

template <typename T>
std::vector<qint64> orderIntegers(const uchar *data, qint64 n, bool swap, bool descending,
                                  const std::atomic_bool *cancel)
{
    return orderBy<T>(
        n, [&](qint64 i) { return load<T>(data + i * qint64(sizeof(T)), swap); }, [](qint64) { return false; },
        std::less<T>(), descending, cancel);
}

template <typename T>
std::vector<qint64> orderFloats(const uchar *data, qint64 n, bool swap, bool descending,
                                const std::atomic_bool *cancel)
{
    auto value = [&](qint64 i) { return load<T>(data + i * qint64(sizeof(T)), swap); };
    return orderBy<T>(
        n, value, [&](qint64 i) { return std::isnan(value(i)); }, std::less<T>(), descending, cancel);
}

template <typename T>
std::vector<qint64> orderComplex(const uchar *data, qint64 n, bool swap, bool descending,
                                 const std::atomic_bool *cancel)
{
    using Pair = std::pair<T, T>;
    auto value = [&](qint64 i) {
        const uchar *p = data + i * qint64(2 * sizeof(T));
        return Pair(load<T>(p, swap), load<T>(p + sizeof(T), swap));
    };
    return orderBy<Pair>(
        n, value,
        [&](qint64 i) {
            const Pair v = value(i);
            return std::isnan(v.first) || std::isnan(v.second);
        },
        std::less<Pair>(), descending, cancel);
}

/** Through valueToDouble(): float16, long double, complex of those (real part first, then imaginary). */
std::vector<qint64> orderGeneric(const DType &type, const uchar *data, qint64 n, bool descending,
                                 const std::atomic_bool *cancel)
{
    if (type.kind == Kind::Complex) {
        DType half = type;
        half.kind = Kind::Float;
        half.itemSize = type.itemSize / 2;
        using Pair = std::pair<double, double>;
        auto value = [&](qint64 i) {
            const uchar *p = data + i * type.itemSize;
            return Pair(valueToDouble(half, p), valueToDouble(half, p + half.itemSize));
        };
        return orderBy<Pair>(
            n, value,
            [&](qint64 i) {
                const Pair v = value(i);
                return std::isnan(v.first) || std::isnan(v.second);
            },
            std::less<Pair>(), descending, cancel);
    }
    auto value = [&](qint64 i) { return valueToDouble(type, data + i * type.itemSize); };
    return orderBy<double>(
        n, value, [&](qint64 i) { return std::isnan(value(i)); }, std::less<double>(), descending, cancel);
}

/** Bytes compare as NumPy compares them (memcmp over the fixed width: the NUL padding sorts first). */
std::vector<qint64> orderBytes(const uchar *data, qint64 n, qint64 width, bool descending,
                               const std::atomic_bool *cancel)
{
    return orderBy<const uchar *>(
        n, [&](qint64 i) { return data + i * width; }, [](qint64) { return false; },
        [width](const uchar *a, const uchar *b) { return std::memcmp(a, b, size_t(width)) < 0; }, descending,
        cancel);
}

/** Strings compare by code point (UCS-4 in the array's byte order). */
std::vector<qint64> orderUnicode(const uchar *data, qint64 n, qint64 chars, bool swap, bool descending,
                                 const std::atomic_bool *cancel)
{
    return orderBy<const uchar *>(
        n, [&](qint64 i) { return data + i * chars * 4; }, [](qint64) { return false; },
        [chars, swap](const uchar *a, const uchar *b) {
            for (qint64 k = 0; k < chars; ++k) {
                const quint32 x = load<quint32>(a + 4 * k, swap), y = load<quint32>(b + 4 * k, swap);
                if (x != y)
                    return x < y;
            }
            return false;
        },
        descending, cancel);
}

} // namespace

Result<std::vector<qint64>> sortPermutation(const NpyArray &array, bool descending, const QString &where,
                                            const std::atomic_bool *cancel)
{
    using R = Result<std::vector<qint64>>;
    const NpyHeader &h = array.header();
    if (h.shape.size() != 1)
        return R::failure(tr("%1: only a 1-D array sorts as a column (this one has %2 axes).")
                              .arg(where)
                              .arg(h.shape.size()));
    const qint64 n = h.elementCount;
    if (n > kMaxSortElements)
        return R::failure(tr("%1: %2 elements are more than this table sorts (at most %3).")
                              .arg(where)
                              .arg(n)
                              .arg(kMaxSortElements));
    const DType &t = h.dtype;
    const uchar *data = array.data();
    if (n > 0 && !data)
        return R::failure(tr("%1: the data is not loaded.").arg(where));
    const bool swap = t.needsSwap();
    switch (t.kind) {
    case Kind::Bool:
        return orderIntegers<quint8>(data, n, false, descending, cancel);
    case Kind::Int:
        switch (t.itemSize) {
        case 1: return orderIntegers<qint8>(data, n, false, descending, cancel);
        case 2: return orderIntegers<qint16>(data, n, swap, descending, cancel);
        case 4: return orderIntegers<qint32>(data, n, swap, descending, cancel);
        case 8: return orderIntegers<qint64>(data, n, swap, descending, cancel);
        }
        break;
    case Kind::UInt:
        switch (t.itemSize) {
        case 1: return orderIntegers<quint8>(data, n, false, descending, cancel);
        case 2: return orderIntegers<quint16>(data, n, swap, descending, cancel);
        case 4: return orderIntegers<quint32>(data, n, swap, descending, cancel);
        case 8: return orderIntegers<quint64>(data, n, swap, descending, cancel);
        }
        break;
    case Kind::Float:
        if (t.itemSize == 4)
            return orderFloats<float>(data, n, swap, descending, cancel);
        if (t.itemSize == 8)
            return orderFloats<double>(data, n, swap, descending, cancel);
        return orderGeneric(t, data, n, descending, cancel);
    case Kind::Complex:
        if (t.itemSize == 8)
            return orderComplex<float>(data, n, swap, descending, cancel);
        if (t.itemSize == 16)
            return orderComplex<double>(data, n, swap, descending, cancel);
        return orderGeneric(t, data, n, descending, cancel);
    case Kind::DateTime:
    case Kind::TimeDelta: {
        if (t.itemSize != 8)
            break;
        constexpr qint64 kNaT = std::numeric_limits<qint64>::min();
        auto value = [&](qint64 i) { return load<qint64>(data + i * 8, swap); };
        return orderBy<qint64>(
            n, value, [&](qint64 i) { return value(i) == kNaT; }, std::less<qint64>(), descending, cancel);
    }
    case Kind::Bytes:
        return orderBytes(data, n, t.itemSize, descending, cancel);
    case Kind::Unicode:
        return orderUnicode(data, n, t.itemSize / 4, swap, descending, cancel);
    default:
        break;
    }
    return R::failure(tr("%1: elements of type %2 have no order to sort by.").arg(where, t.descr()));
}

} // namespace npy
