#pragma once

#include "envelope.h"
#include "source.h"

#include <QString>

namespace npy {

/** A series chosen on the command line (envelope's --member/--field/--column, density's --x/--y), or why none. */
struct SeriesChoice
{
    int index = -1;
    SeriesLayout layout;
    /** "FILE" or "FILE: member 'NAME'", then the field and column: the start of messages. */
    QString where;
    QString error;
    /** True when the error is the user's (a usage error: several arrays and no member named). */
    bool usage = false;
};

/**
 * The series of member \a member (empty: the only array) of \a source, its field \a field (a leaf
 * field's name, empty for none) and column \a column (-1 for none): see seriesLayout().
 */
[[nodiscard]] SeriesChoice chooseSeries(const Source &source, const QString &member, const QString &field,
                                        qint64 column);

/**
 * A series named as density's --x and --y take it: `MEMBER`, `MEMBER:COLUMN` or `MEMBER.FIELD`
 * (MEMBER empty: the only array). A member whose whole name is \a text wins over a split.
 */
[[nodiscard]] SeriesChoice parseSeries(const Source &source, const QString &text);

/**
 * A sample value as npy-tool prints it: integers, bools (0, 1) and datetime / timedelta counts as
 * whole numbers, float32 as NumPy's repr of a float32, other floats as NumPy's repr of a float64;
 * `nan` for a missing value.
 */
[[nodiscard]] QString sampleText(const DType &type, double value);

} // namespace npy
