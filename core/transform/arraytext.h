#pragma once

// Arrays read from text a user pasted: a block of numbers from a spreadsheet or a text file, or the NumPy
// code Copy as NumPy Code writes. Read by a parser of our own: nothing is ever evaluated.

#include "npyarray.h"
#include "result.h"

#include <QString>

namespace npy {

/** An array read from text, and what the text was taken for. */
struct TextArray
{
    NpyArray array;
    /** "a block of 3 rows of 4 values", "NumPy code", "a list". */
    QString source;
};

/**
 * Reads \a text as an array, the way NumPy would build it:
 *
 * - NumPy code as numpyCode() writes it: `np.array(<nested lists>, dtype=<type>)` (a 0-d value too) and
 *   `np.empty(<shape>, dtype=<type>)`; element literals as pythonLiteral() writes them (`1.5`, `np.nan`,
 *   `-np.inf`, `complex('1+2j')`, `True`, `b'..'`, `'text'`, dates, counts, quoted long doubles), each set
 *   into the dtype as np.array() sets a Python value (a float through float64, as NumPy does). Without a dtype,
 *   or as bare nested lists `[[1, 2], [3, 4]]`, the dtype is inferred as below (all text: str; all bytes: S);
 * - a block of numbers: one row per line, values separated by tabs, else commas, else spaces; one line is
 *   1-D, several lines 2-D (rows × values). The dtype is what np.array() infers from the same Python values:
 *   bool when all are True/False, int64 for integers (uint64 when all are beyond int64, float64 when such
 *   mix with others), float64 when any is a float (`1.5`, `1e-3`, `nan`, `inf`), complex128 when any is
 *   complex (`1+2j`, `(1+2j)`).
 *
 * Fails with a message naming the row and column (or the character offset) of what cannot be read: a
 * ragged block or list (NumPy would make an object array), an empty cell, a word, a record dtype, an integer
 * beyond uint64, a value the dtype cannot hold. Never needs more memory than the array and one pass over
 * the text; fails when the array would take more than \a maxBytes.
 */
[[nodiscard]] Result<TextArray> arrayFromText(const QString &text, qint64 maxBytes);

} // namespace npy
