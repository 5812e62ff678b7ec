#include "saver.h"
#include "tool.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    npy::ignoreFileSizeSignal();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("npy-tool"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    return npy::runTool(args, out, err);
}
