#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace npy {

/**
 * The `npy-tool` command line: \a args excludes the program name. `--help` / `-h` (or no
 * arguments: on \a err, status 2) prints toolUsage(), `--version` the version; otherwise the first
 * argument names a command (info, check, convert, export, stats, render, find, print, diff,
 * recover) that runs on the rest, except that `npy-tool COMMAND --help` (or `-h`, anywhere
 * after COMMAND) prints that command's usage on \a out and returns 0.
 *
 * Returns the exit status (toolcommon.h): 0 success, 1 invalid or unsupported input (one line
 * `npy-tool: FILE: reason` on \a err), 2 usage error; find and diff as grep and cmp (0 found or
 * same, 1 none or different, 2 any error).
 */
int runTool(const QStringList &args, QTextStream &out, QTextStream &err);

/** What `npy-tool --help` prints: "usage:", `--help | --version` and every command's synopsis. */
[[nodiscard]] QString toolUsage();

} // namespace npy
