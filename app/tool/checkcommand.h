#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool check FILE`: reads every byte of every member, on every core (CRC-32 checked; a
 * pickled member read as data by the restricted reader, never executed), and prints
 * `FILE: OK, N member(s) checked`.
 *
 * Exit 0 when everything reads; 1 on the first problem in member order (one line
 * `npy-tool: FILE: member 'NAME': reason` on stderr) or when the file cannot be opened; 2 on
 * usage errors.
 */
extern const ToolCommand kCheckCommand;

} // namespace npy
