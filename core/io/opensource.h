#pragma once

#include "source.h"

namespace npy {

/**
 * Opens \a path, deciding by its first bytes whether it is an `.npy` (openNpy(), npysource.h) or an
 * `.npz` (openNpz(), npzreader.h). Fails with a message naming the file when it cannot be read, is
 * empty, starts with neither magic, or its header or central directory is bad.
 */
[[nodiscard]] Result<std::shared_ptr<const Source>> openSource(const QString &path);

} // namespace npy
