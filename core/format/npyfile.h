#pragma once

#include "npyarray.h"
#include "result.h"

#include <QIODevice>
#include <QString>

namespace npy {

/**
 * Reads the header of the `.npy` file \a path (at most the header's bytes are read).
 * Messages name the file and the byte offset or header key.
 */
[[nodiscard]] Result<NpyHeader> readNpyHeaderFile(const QString &path);

/**
 * Opens the `.npy` file \a path: parses the header, checks the file holds every data byte the
 * header declares (trailing bytes are allowed), and memory-maps the data read-only (no copy).
 * Pickled object arrays are refused ("pickled object array, not loaded for safety").
 */
[[nodiscard]] Result<NpyArray> readNpyFile(const QString &path);

/**
 * Parses a complete `.npy` held in \a bytes (an inflated `.npz` member, say); the array shares
 * \a bytes. \a where names the source in messages ("file.npz: member 'x'").
 */
[[nodiscard]] Result<NpyArray> readNpyBytes(const QByteArray &bytes, const QString &where);

/**
 * Writes \a array as a `.npy` stream to \a device: NumPy's header (buildNpyHeader) then the data
 * in the array's own dtype, byte order and memory order, in pieces of at most 1 GiB. The pages of a
 * read-only file map (a mapped member not edited, or a view of one) are given back from this
 * process's resident set as they are written (npy::releasePages()): the file's page cache keeps them.
 */
[[nodiscard]] Status writeNpy(QIODevice *device, const NpyArray &array);

/** The exact size in bytes writeNpy() produces for \a array. */
[[nodiscard]] Result<qint64> npySize(const NpyArray &array);

/** Writes \a array to \a path through QSaveFile: the old file stays intact unless all succeeds. */
[[nodiscard]] Status saveNpyFile(const QString &path, const NpyArray &array);

/** The message given for object arrays, which are never unpickled. */
[[nodiscard]] QString pickledMessage(const NpyHeader &header);

} // namespace npy
