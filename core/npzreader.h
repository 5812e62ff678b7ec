#pragma once

#include "source.h"

namespace npy {

/**
 * Opens the `.npz` archive \a path: reads the central directory and each member's NPY header
 * (inflating only its first bytes). Members that are bad are listed with their error; only a
 * broken container (no central directory, truncated) fails the whole open.
 */
[[nodiscard]] Result<std::shared_ptr<const Source>> openNpz(const QString &path);

} // namespace npy
