#pragma once

#include "npyarray.h"
#include "result.h"
#include "slicespec.h"
#include "source.h"

#include <QIODevice>
#include <QStringList>

namespace npy {

/**
 * A relative file path for member \a key that cannot leave the folder it is joined to: `/` keeps
 * sub-folders, but empty, `.` and `..` components, leading slashes, backslashes, drive letters
 * (`C:`), NUL and other control characters are removed or replaced by `_`. Never empty.
 */
[[nodiscard]] QString safeMemberPath(const QString &key);

/**
 * The file names, relative to the export folder, that exportMembers() gives the members in
 * \a indexes of \a source, in the same order: `<safeMemberPath(key)>.npy`, and `_1`, `_2`, ...
 * for names already taken (compared without case, for case-insensitive file systems).
 */
[[nodiscard]] QStringList exportFileNames(const Source &source, const QList<int> &indexes);

/**
 * Writes each member in \a indexes of \a source as the file exportFileNames() names below \a dir
 * (created when missing), through QSaveFile. With \a overwrite false, when any of those files
 * exists already nothing at all is written and the message lists them. \a written receives the
 * paths written. Stops at the first failure.
 */
[[nodiscard]] Status exportMembers(const Source &source, const QList<int> &indexes, const QString &dir,
                                   bool overwrite, QStringList *written = nullptr,
                                   const Progress &progress = {});

/**
 * Writes \a array as CSV to \a device: 0-d and 1-D as one value a line, 2-D as rows × columns,
 * N-d flattened to rows × last axis; struct fields as columns after a header line of field names.
 * Values are formatValue() text (shortest round-trip, so they parse back exactly), except bytes
 * (S dtype), written as their text: Latin-1, trailing NULs dropped, `\xNN` only for bytes that
 * cannot be shown (controls other than tab and line breaks; then a backslash is written `\\`).
 * Text that contains a comma, quote or line break is quoted as RFC 4180 says.
 */
[[nodiscard]] Status writeCsv(QIODevice *device, const NpyArray &array);

/** writeCsv() to \a path through QSaveFile. */
[[nodiscard]] Status exportCsv(const NpyArray &array, const QString &path);

/** Writes sliceBlock() of \a array to \a path as CSV (exportCsv: atomic, exact values). */
[[nodiscard]] Status exportSliceCsv(const NpyArray &array, const SliceSpec &spec, const CellRange &block,
                                    const QString &path);

} // namespace npy
