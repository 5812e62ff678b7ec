#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <initializer_list>

namespace npy {

/** The translation context of every npy-tool message ("npy::Tool"). */
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Tool)
};

/**
 * npy-tool's exit statuses (README's npy-tool section, npy-tool(1) EXIT STATUS), the one place
 * they are defined. Success; for find, something matched; for diff, the files are the same.
 */
inline constexpr int kToolOk = 0;
/** The input is invalid or unsupported: one line `npy-tool: FILE: reason` on stderr. */
inline constexpr int kToolInvalid = 1;
/** find: nothing matched (as grep). */
inline constexpr int kToolNoMatch = 1;
/** diff: something differs (as cmp). */
inline constexpr int kToolDiffers = 1;
/** A usage error: the message, then the usage text, on stderr. */
inline constexpr int kToolUsage = 2;
/** find and diff: any error, usage or input (as grep and cmp). */
inline constexpr int kToolError = 2;

/**
 * One subcommand: its name, its lines in the usage text, its own usage and its entry point.
 * Each command's file defines one (kInfoCommand, ...); tool.cpp lists them.
 */
struct ToolCommand
{
    /** The word after `npy-tool`: "info". */
    const char *name;
    /** Its lines in `npy-tool --help`, the first starting "  npy-tool NAME", each ending in '\n'. */
    const char *synopsis;
    /**
     * What `npy-tool NAME --help` prints and the command's own usage errors end with, starting
     * "usage: npy-tool NAME"; nullptr for the commands whose errors end with the full usage text
     * (their --help prints "usage:" and the synopsis).
     */
    const char *usage;
    /**
     * Runs the command on \a args (those after NAME) and returns its exit status; output on
     * \a out, each error as one line `npy-tool: ...` on \a err.
     */
    int (*run)(const QStringList &args, QTextStream &out, QTextStream &err);
};

/**
 * Writes \a message as the one line `npy-tool: message` on \a err (line breaks become spaces),
 * then \a usageText when given, and returns \a status: every subcommand's error path.
 */
int toolMessage(QTextStream &err, const QString &message, int status, const char *usageText = nullptr);

/** toolMessage() with kToolInvalid: the input is invalid or unsupported. */
inline int toolInvalid(QTextStream &err, const QString &message)
{
    return toolMessage(err, message, kToolInvalid);
}

/**
 * Sets the full usage text that toolUsageError() prints. runTool() sets it once (to toolUsage(), built
 * from the command table in tool.cpp) before it runs a command, so that no command depends on that
 * table. Not thread-safe: call it before commands run.
 */
void setToolUsage(const QString &usage);

/**
 * Writes `npy-tool: why` and the full usage text (`npy-tool --help`'s, see setToolUsage()) on \a err and returns
 * kToolUsage: the usage errors of info, check, convert, export and stats, and of an unknown
 * command. Unlike toolMessage(), \a why is written as it is (as those errors always were).
 */
int toolUsageError(QTextStream &err, const QString &why);

/**
 * The arguments of info, check, convert, export and stats after the command name: positionals,
 * repeated --member values, the flags --json, --names, --compress, --store and --all (in `flags` as given)
 * and the values of --outdir, --csv and --level.
 */
struct Args
{
    QStringList positional;
    QStringList members;
    QStringList flags;
    QString outdir;
    QString csv;
    QString level;
    /** The usage error, empty when there is none: the last bad option, else a --level where it does not apply. */
    QString bad;
};

/**
 * Parses \a args as Args. Anything else starting with `--` is an unknown option, an option
 * without its value an error, and so is `--level` ("does not apply here") unless \a levelApplies
 * (convert).
 */
[[nodiscard]] Args parseArgs(const QStringList &args, bool levelApplies);

/**
 * False with the usage error in \a bad when \a a has a flag not in \a flags, a --member unless
 * \a members, or --outdir or --csv unless \a dirs.
 */
[[nodiscard]] bool allowOnly(const Args &a, std::initializer_list<const char *> flags, bool members, bool dirs,
                             QString *bad);

} // namespace npy
