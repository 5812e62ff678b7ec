#pragma once

namespace npy {

/** npy-tool's exit statuses (DESIGN.md, "npy-tool contract"). */
inline constexpr int kToolOk = 0;
/** The input is invalid or unsupported: one line `npy-tool: FILE: reason` on stderr. */
inline constexpr int kToolInvalid = 1;
inline constexpr int kToolUsage = 2;

} // namespace npy
