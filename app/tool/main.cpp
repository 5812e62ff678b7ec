#include "tool.h"

#include <QCoreApplication>

#include <csignal>

int main(int argc, char *argv[])
{
#ifdef SIGXFSZ
    // Past a file size limit, let write() fail with EFBIG so the save is abandoned cleanly
    // (QSaveFile discards its temporary file) instead of the process being killed mid-write.
    std::signal(SIGXFSZ, SIG_IGN);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("npy-tool"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    return npy::runTool(args, out, err);
}
