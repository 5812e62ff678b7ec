#pragma once

#include <QtGlobal>

namespace npy {

/**
 * The most bytes load() inflates into memory for one compressed member: a quarter of physical
 * memory unless set. A DEFLATED member above it is paged instead (PagedStore, where the system
 * allows userfaultfd): its bytes are inflated on first touch, a block at a time, through our chunk
 * index when the archive has one and through a SeekIndex built as it is read otherwise, with at
 * most a bounded number of blocks resident; such an array is read-only and its whole CRC-32 is not
 * checked (spans of an indexed member are). Other members above it are refused with a message.
 */
[[nodiscard]] qint64 inflateBudget();
/** Sets inflateBudget() (0: back to the default). For tests and for a user's setting. */
void setInflateBudget(qint64 bytes);

} // namespace npy
