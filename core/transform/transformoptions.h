#pragma once

#include <QString>
#include <QtGlobal>

namespace npy {

/** How a structural edit runs (ArrayTransform, insertAlongAxis(), deleteAlongAxis()). */
struct TransformOptions
{
    /** The largest result kept in memory; a larger one goes into a temporary file (SpillStore). */
    qint64 memoryBudget = qint64(512) << 20;
    /** Where temporary files go (copies between steps, large results); empty: the system's temporary folder. */
    QString tempDir;
    /** The memory a copy may hold besides the pages of the arrays it reads (see copyStrided()). */
    qint64 bufferBytes = qint64(16) << 20;
};

} // namespace npy
