#pragma once

#include "toolcommon.h"

namespace npy {

/**
 * `npy-tool envelope FILE [--member M] [--field F] [--column C] --bins N [--json]`: the envelope of a
 * series (core/analysis/envelope.h) in N blocks, block i the samples floor(i*n/N) .. floor((i+1)*n/N)-1,
 * one line `start stop min max` each (stop exclusive; NaN left out, `nan` for a block without a value),
 * or with --json one object holding every block's start, stop, first, last, min, max and their indexes.
 * One streaming pass in bounded memory.
 *
 * Exit 0; 1 on invalid or unsupported input (complex, strings, a corrupt member); 2 on usage errors.
 */
extern const ToolCommand kEnvelopeCommand;

} // namespace npy
