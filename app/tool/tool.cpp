#include "tool.h"

#include "checkcommand.h"
#include "convertcommand.h"
#include "densitycommand.h"
#include "diffcommand.h"
#include "envelopecommand.h"
#include "exportcommand.h"
#include "findcommand.h"
#include "infocommand.h"
#include "printcommand.h"
#include "recovercommand.h"
#include "rendercommand.h"
#include "statscommand.h"
#include "thumbnailcommand.h"
#include "toolcommon.h"

#include <algorithm>

namespace npy {

namespace {

/** Every command, in the order `npy-tool --help` lists them. */
const ToolCommand *const kCommands[] = {
    &kInfoCommand,   &kCheckCommand, &kConvertCommand, &kExportCommand, &kStatsCommand,
    &kRenderCommand, &kFindCommand,  &kPrintCommand,   &kDiffCommand,   &kRecoverCommand,
    &kEnvelopeCommand, &kDensityCommand, &kThumbnailCommand,
};

bool isHelp(const QString &arg)
{
    return arg == QLatin1String("--help") || arg == QLatin1String("-h");
}

const ToolCommand *commandNamed(const QString &name)
{
    for (const ToolCommand *c : kCommands)
        if (name == QLatin1String(c->name))
            return c;
    return nullptr;
}

int dispatch(const QStringList &all, QTextStream &out, QTextStream &err)
{
    // The full usage, for the usage errors of every command: set once (a thread-safe static's initialisation).
    static const bool usageSet = (setToolUsage(toolUsage()), true);
    Q_UNUSED(usageSet);
    if (all.isEmpty()) {
        err << toolUsage();
        return kToolUsage;
    }
    if (isHelp(all.first())) {
        out << toolUsage();
        return kToolOk;
    }
    if (all.first() == QLatin1String("--version")) {
        out << "npy-tool " << NPY_VERSION_STRING << '\n';
        return kToolOk;
    }
    const QStringList args = all.mid(1);
    const ToolCommand *command = commandNamed(all.first());
    if (!command) {
        // A bad option of the rest is named first, as it was when one parser read every command's arguments.
        const Args a = parseArgs(args, false);
        return toolUsageError(err, a.bad.isEmpty() ? Tr::tr("unknown command '%1'").arg(all.first()) : a.bad);
    }
    if (std::any_of(args.begin(), args.end(), isHelp)) {
        if (command->usage)
            out << command->usage;
        else
            out << "usage:\n" << command->synopsis;
        return kToolOk;
    }
    return command->run(args, out, err);
}

} // namespace

QString toolUsage()
{
    QString text = QStringLiteral("usage:\n  npy-tool --help | --version\n");
    for (const ToolCommand *c : kCommands)
        text += QLatin1String(c->synopsis);
    return text;
}

int runTool(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const int status = dispatch(args, out, err);
    out.flush();
    err.flush();
    return status;
}

} // namespace npy
