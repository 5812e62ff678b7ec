#pragma once

// The comparison engine: two arrays, two members or two files, element by element, in bounded
// memory. `npy-tool diff` and the compare view both ask it.

#include "dtype.h"
#include "npyarray.h"
#include "result.h"
#include "slicespec.h"
#include "source.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <limits>
#include <memory>

namespace npy {

/** How elements are compared; the defaults compare exactly. */
struct CompareOptions
{
    /** NumPy's isclose: a and b are equal when |a - b| <= atol + rtol * |b| (both finite). */
    double rtol = 0;
    double atol = 0;
    /** NaN equals NaN (NaT equals NaT) when set; otherwise a NaN differs from everything. */
    bool equalNan = false;
    /** How many differing elements to keep, the first ones in C order. */
    int firstCount = 10;
    /** Bytes per block read from each side (odd sizes split elements between blocks: tests use them). */
    qint64 blockSize = qint64(4) << 20;
};

/**
 * The rule for one pair of element types (NumPy's isclose after NumPy's promotion):
 * - bool, integers and real floats: the values are promoted as isclose promotes them (b to a
 *   float type, then both to the common type: float32 when both fit, float64 otherwise; long
 *   double and float16 are computed in float64 and float32) and differ unless both are finite
 *   and |a - b| <= atol + rtol·|b|, or a == b (±Inf equals only the same Inf), or both are NaN
 *   and equalNan is set; float16 pairs round every step to float16, as NumPy does;
 * - complex with any number: the same rule with the complex modulus (in complex64 when NumPy
 *   would compute in complex64);
 * - datetimes and timedeltas (of one unit): exact, NaT like NaN;
 * - strings and bytes: exact on the text (trailing NULs do not count, as in NumPy);
 *   void, and any two identical types that are not numbers: exact on the bytes;
 * - structs: field by field (leaves matched by name), an element differs when one field does.
 * Anything else (a number against a string, datetimes of different units, structs with
 * different fields) cannot be compared: create() fails with the reason.
 */
class ElementComparator
{
public:
    /** What comparing one pair of elements found. */
    struct Outcome
    {
        bool differs = false;
        /** Exactly one of the two is NaN (NaT). */
        bool nanMismatch = false;
        /** |a - b| in the computation type; NaN where it has none (NaN, Inf - Inf, text). */
        double absDiff = std::numeric_limits<double>::quiet_NaN();
        /** |a - b| / |b|; NaN where it has none (0 / 0). */
        double relDiff = std::numeric_limits<double>::quiet_NaN();
    };

    ElementComparator() = default;
    [[nodiscard]] static Result<ElementComparator> create(const DType &a, const DType &b, const CompareOptions &options);

    [[nodiscard]] Outcome compare(const uchar *a, const uchar *b) const;
    /** a - b as a number (complex: the modulus of a - b), NaN when it has none: for heatmaps. */
    [[nodiscard]] double difference(const uchar *a, const uchar *b) const;
    /** True when the values are numbers (differences are meaningful). */
    [[nodiscard]] bool isNumeric() const;
    /** True when elements are computed in float32 (both fit), as NumPy would. */
    [[nodiscard]] bool isSinglePrecision() const { return mMode == Mode::Float || mMode == Mode::ComplexFloat; }
    /** True when elements are computed in float16 (NumPy's rounding at every step). */
    [[nodiscard]] bool isHalfPrecision() const { return mMode == Mode::Half; }
    [[nodiscard]] const CompareOptions &options() const { return mOptions; }

private:
    enum class Mode { Half, Float, Double, Complex, ComplexFloat, Time, Bytes, Text, Struct };
    struct Leaf
    {
        qint64 offsetA = 0;
        qint64 offsetB = 0;
        std::shared_ptr<const ElementComparator> comparator;
    };

    Mode mMode = Mode::Bytes;
    DType mA;
    DType mB;
    CompareOptions mOptions;
    QList<Leaf> mLeaves;
};

/** A member's place in the comparison. */
enum class MemberStatus { Same, Differs, OnlyA, OnlyB, Incomparable };

/** "same", "differs", "only_a", "only_b", "incomparable" (the JSON names). */
[[nodiscard]] QString memberStatusName(MemberStatus status);

/** One differing element: its index and both values as NumPy prints them. */
struct DiffElement
{
    QList<qint64> index;
    QString a;
    QString b;
};

/** The comparison of one member (or one array) of A with its counterpart in B. */
struct MemberDiff
{
    QString name;
    MemberStatus status = MemberStatus::Same;
    bool hasA = false;
    bool hasB = false;
    /** True when the side holds an array (false: a pickled array or another file, compared raw). */
    bool arrayA = false;
    bool arrayB = false;
    /** The dtype as `info` prints it (`<f8`, a descr for structs); empty for non-arrays. */
    QString dtypeA;
    QString dtypeB;
    QList<qint64> shapeA;
    QList<qint64> shapeB;
    /** True when the dtypes differ (byte order aside). */
    bool dtypeDiffers = false;
    /** Why the member was not compared element by element (shapes differ, ...), or empty. */
    QString reason;
    /** True when the elements were compared; the figures below are valid then. */
    bool compared = false;
    /** Differing elements, out of total. */
    qint64 count = 0;
    qint64 total = 0;
    qint64 nanMismatch = 0;
    /** The largest |a - b| (NaN-free pairs) and the index of its first occurrence in C order. */
    bool hasMaxAbs = false;
    double maxAbs = 0;
    QList<qint64> maxAbsIndex;
    bool hasMaxRel = false;
    double maxRel = 0;
    QList<qint64> maxRelIndex;
    /** The first differing elements in C order, at most CompareOptions::firstCount of them. */
    QList<DiffElement> first;
};

/** Which member of A goes with which of B (-1: none) and under which name it is reported. */
struct MemberPair
{
    QString name;
    int a = -1;
    int b = -1;
};

/**
 * Pairs the members of \a a and \a b. Without \a specs: every array or file member by name, A's
 * order first, then the members only B has; a `.npy` against an archive pairs with the member of
 * its name, or with the archive's only member. Each spec is `NAME` (the same key on both sides;
 * a `.npy` side is its only member whatever the name) or `NAME_A:NAME_B`. Fails when a spec names
 * nothing on either side, or a `.npy` cannot be paired.
 */
[[nodiscard]] Result<QList<MemberPair>> pairMembers(const Source &a, const Source &b, const QStringList &specs);

/**
 * Compares member \a ia of \a a with member \a ib of \a b (either may be -1: only on one side).
 * Streams both through BlockReader in step (a member whose memory order differs from A's is
 * loaded and read through index mapping instead). Fails (a located message) when a member cannot
 * be read: corrupt, truncated, unsupported.
 */
[[nodiscard]] Result<MemberDiff> compareMembers(const Source &a, int ia, const Source &b, int ib,
                                                const CompareOptions &options, const Progress &progress = {});

/** Compares two arrays in memory with the same rules (the compare view's entry). */
[[nodiscard]] Result<MemberDiff> compareArrays(const NpyArray &a, const NpyArray &b, const CompareOptions &options,
                                               const Progress &progress = {});


} // namespace npy
