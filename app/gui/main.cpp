#include "compareview.h"
#include "mainwindow.h"
#include "npzreader.h"
#include "saver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char *argv[])
{
    npy::ignoreFileSizeSignal(); // a save past `ulimit -f` fails and keeps the edits, instead of killing us
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("npy-inspector"));
    QApplication::setApplicationName(QStringLiteral("NPY Inspector"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral(NPY_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/" NPY_APP_ID ".svg")));
    // Compressed members above this many bytes are paged in from the archive instead of inflated
    // whole (default: a quarter of physical memory).
    if (const qint64 budget = qEnvironmentVariableIntValue("NPY_INFLATE_BUDGET_MB"); budget > 0)
        npy::setInflateBudget(budget << 20);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "View and edit NumPy .npy and .npz files."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"), QApplication::translate("main", "Files to open."),
                                 QStringLiteral("[FILE...]"));
    const QCommandLineOption memberOption(
        {QStringLiteral("m"), QStringLiteral("member")},
        QApplication::translate("main", "Show the member NAME (its np.load key) of each file opened."),
        QStringLiteral("NAME"));
    parser.addOption(memberOption);
    const QCommandLineOption compareOption(
        QStringLiteral("compare"),
        QApplication::translate("main", "Compare the first FILE with FILE_B in a compare window."),
        QStringLiteral("FILE_B"));
    parser.addOption(compareOption);
    parser.process(app);

    MainWindow::handleFileOpenEvents(&app);
    const QStringList files = parser.positionalArguments();
    const QString member = parser.value(memberOption);
    if (parser.isSet(compareOption)) {
        if (files.size() != 1)
            parser.showHelp(2);
        return npyw::CompareView::showWindow(files.first(), parser.value(compareOption)) ? app.exec() : 1;
    }
    if (files.isEmpty())
        (new MainWindow)->show();
    for (const QString &file : files)
        MainWindow::openWindow(file, member);
    return app.exec();
}
