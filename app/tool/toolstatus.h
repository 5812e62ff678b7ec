#pragma once

#include <QString>
#include <QTextStream>

namespace npy {

/** npy-tool's exit statuses (DESIGN.md, "npy-tool contract"). */
inline constexpr int kToolOk = 0;
/** The input is invalid or unsupported: one line `npy-tool: FILE: reason` on stderr. */
inline constexpr int kToolInvalid = 1;
inline constexpr int kToolUsage = 2;

/**
 * Writes \a message as the one line `npy-tool: message` on \a err (line breaks become spaces),
 * then \a usageText when given, and returns \a status: every subcommand's error path.
 */
inline int toolMessage(QTextStream &err, const QString &message, int status, const char *usageText = nullptr)
{
    QString line = message;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    err << "npy-tool: " << line << '\n';
    if (usageText)
        err << usageText;
    err.flush();
    return status;
}

} // namespace npy
