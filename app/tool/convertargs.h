#pragma once

#include "casting.h"
#include "dtype.h"
#include "layout.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace npy {

/** One structural step of `convert`, applied to one member in the order given. */
struct ConvertStep
{
    enum Kind { Astype, Reshape, Transpose };
    Kind kind = Astype;
    /** The member's key in IN. */
    QString member;
    DType type;
    Casting casting = Casting::Unsafe;
    /** --reshape's shape, or --transpose's axes (empty: reversed). */
    QList<qint64> values;
    /** --order after --reshape (np.reshape's order) or after --transpose (a contiguous copy in that order). */
    MemoryOrder order = MemoryOrder::C;
    bool orderGiven = false;
    bool castingGiven = false;
};

/** `npy-tool convert`'s arguments. */
struct ConvertArgs
{
    QStringList positional;
    bool compress = false;
    bool store = false;
    QString level;
    /** --member and --only: the members kept (all when empty). */
    QStringList only;
    QStringList drop;
    /** --rename OLD=NEW, in the order given. */
    QList<QPair<QString, QString>> renames;
    QList<ConvertStep> steps;
    /** The usage error, empty when there is none. */
    QString bad;
};

/**
 * Parses convert's arguments: --compress, --store, --level, --member/--only, --drop, --rename OLD=NEW,
 * --astype NAME=DTYPE (--casting after it), --reshape NAME=SHAPE and --transpose NAME[=AXES] (--order
 * after either). SHAPE and AXES are integers separated by commas, parentheses allowed: `3,4`, `(2, -1)`.
 */
[[nodiscard]] ConvertArgs parseConvertArgs(const QStringList &args);

} // namespace npy
