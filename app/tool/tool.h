#pragma once

#include <QStringList>
#include <QTextStream>

namespace npy {

/**
 * The `npy-tool` command line (see DESIGN.md, "npy-tool contract"): info, check, convert,
 * export, stats, render (render.h) and diff (diff.h: exit 0 same, 1 different, 2 error). \a args excludes the program name. Returns the exit status: 0 success, 1 invalid
 * or unsupported input (one line `npy-tool: FILE: reason` on \a err), 2 usage error.
 */
int runTool(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace npy
