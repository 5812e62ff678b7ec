#pragma once

#include "source.h"

namespace npy {

/**
 * Opens the `.npy` file \a path as a Source of one member (named after the file's stem): reads and
 * checks its header, never its data. load() is readNpyFile() (npyfile.h: the data memory-mapped);
 * readData() and readDataRange() stream the data in bounded pieces through one reused buffer;
 * readRaw() reads the whole file. Fails with a message naming the file when it cannot be read or
 * its header is bad; a file shorter than its header declares opens, with that member's error set.
 */
[[nodiscard]] Result<std::shared_ptr<const Source>> openNpy(const QString &path);

} // namespace npy
