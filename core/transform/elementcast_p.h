#pragma once

// The kernels behind ElementCast: native byte order in, native byte order out. Private to transform/.

#include "castreport.h"
#include "dtype.h"

#include <QtGlobal>

namespace npy {

namespace cast {

/** The numeric element types: what a kernel loads and stores. */
enum class Num { Bool, I8, I16, I32, I64, U8, U16, U32, U64, F16, F32, F64, F80, C64, C128, C160, Count };

/** Bytes per element: long double takes 16 (10 of them the value). */
constexpr qint64 sizeOf(Num n)
{
    switch (n) {
    case Num::Bool: case Num::I8: case Num::U8: return 1;
    case Num::I16: case Num::U16: case Num::F16: return 2;
    case Num::I32: case Num::U32: case Num::F32: return 4;
    case Num::I64: case Num::U64: case Num::F64: case Num::C64: return 8;
    case Num::F80: case Num::C128: return 16;
    case Num::C160: return 32;
    case Num::Count: break;
    }
    return 0;
}

} // namespace cast

struct CastContext;

/** A kernel: converts \a count native elements at \a src into \a dst; false when one cannot be (text). */
using CastKernel = bool (*)(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                            CastReport *report, qint64 *failedAt);

/** What a kernel needs to know beside the elements. */
struct CastContext
{
    CastKernel kernel = nullptr;
    /** The elements of the array cast (NumPy's loop length). */
    qint64 total = 0;
    /** True when NumPy casts in loops of 128 elements (a byte swap on either side). */
    bool chunked = false;
    /** S and U: the itemsizes. */
    qint64 fromSize = 0;
    qint64 toSize = 0;
    /** datetime64 / timedelta64 between units: value * num / denom, rounded down... */
    qint64 num = 1;
    qint64 denom = 1;
    /** ...or, between datetime64 years or months and days or finer, through the calendar. */
    bool calendar = false;
    int fromUnit = 0;
    int toUnit = 0;
    qint64 fromCount = 1;
    qint64 toCount = 1;
    /** True when the source is a datetime64/timedelta64 going to a number (NaT counts as NaN). */
    bool fromTime = false;
    /** The failure message of a text kernel. */
    const char *failure = nullptr;
    /** Numbers to S or U: the source dtype in native byte order (the kernel formats it as NumPy's str()). */
    DType number;
    /** S or U to numbers: the target's element type. */
    cast::Num textTarget = cast::Num::Count;
    /** Between numbers and text: true when the text side is S, false when it is U. */
    bool bytesText = false;

    /** True when element \a position takes NumPy's vectorised path of a cast to uint32 from real \a complexSource. */
    [[nodiscard]] bool vectorised(qint64 position, bool complexSource) const
    {
        if (!complexSource)
            return position < total / 4 * 4;
        qint64 length = total;
        qint64 at = position;
        if (chunked) {
            const qint64 start = position / 128 * 128;
            length = qMin<qint64>(128, total - start);
            at = position - start;
        }
        // NumPy's complex loop vectorises while more than four elements remain.
        return length >= 1 && at < (length - 1) / 4 * 4;
    }
};

namespace cast {

/** The kernel converting numeric \a from into \a to (native byte order both). */
CastKernel numericKernel(Num from, Num to);
/** The kernels between datetime units, and of S and U. */
bool timeKernel(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                CastReport *report, qint64 *failedAt);
bool bytesToBytes(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                  CastReport *report, qint64 *failedAt);
bool unicodeToUnicode(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                      CastReport *report, qint64 *failedAt);
bool unicodeToBytes(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                    CastReport *report, qint64 *failedAt);
bool bytesToUnicode(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                    CastReport *report, qint64 *failedAt);
/** Numbers to S and U: NumPy's str() of each value, cut to the target's length (castnumbertext.cpp). */
bool numberToText(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                  CastReport *report, qint64 *failedAt);
/** S and U to numbers: Python's int(), float(), complex() of each text, as NumPy calls them (castnumbertext.cpp). */
bool textToNumber(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                  CastReport *report, qint64 *failedAt);

} // namespace cast

} // namespace npy
