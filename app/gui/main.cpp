#include "compareview.h"
#include "guitestscript.h"
#include "mainwindow.h"
#include "npzreader.h"
#include "saver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QIcon>

namespace {

/** The command line's options besides --help and --version. */
struct Options
{
    QCommandLineOption member{{QStringLiteral("m"), QStringLiteral("member")},
                              QCoreApplication::translate("main", "Show the member NAME (its np.load key) of each "
                                                                  "file opened."),
                              QStringLiteral("NAME")};
    QCommandLineOption compare{QStringLiteral("compare"),
                               QCoreApplication::translate("main", "Compare the first FILE with FILE_B in a compare "
                                                                   "window."),
                               QStringLiteral("FILE_B")};
};

void setUpParser(QCommandLineParser *parser, const Options &options)
{
    parser->setApplicationDescription(QCoreApplication::translate("main", "View and edit NumPy .npy and .npz files."));
    parser->addHelpOption();
    parser->addVersionOption();
    parser->addPositionalArgument(QStringLiteral("files"),
                                  QCoreApplication::translate("main", "Files to open; - reads a .npy or .npz stream "
                                                                      "from standard input."),
                                  QStringLiteral("[FILE...]"));
    parser->addOption(options.member);
    parser->addOption(options.compare);
}

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("npy-inspector"));
    QCoreApplication::setApplicationName(QStringLiteral("NPY Inspector"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
}

/** True when the command line asks only for text (--help, --version): answered without a display. */
bool asksForTextOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--")
            break;
        if (arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" || arg == "-v" || arg == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (asksForTextOnly(argc, argv)) {
        // No QApplication: it needs a display, and --help or --version must answer without one.
        QCoreApplication app(argc, argv);
        setApplicationNames();
        QCommandLineParser parser;
        const Options options;
        setUpParser(&parser, options);
        parser.process(app); // prints and exits
        return 0;
    }
    npy::ignoreFileSizeSignal(); // a save past `ulimit -f` fails and keeps the edits, instead of killing us
    QApplication app(argc, argv);
    setApplicationNames();
    QApplication::setDesktopFileName(QStringLiteral(NPY_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/" NPY_APP_ID ".svg")));
    // Compressed members above this many bytes are paged in from the archive instead of inflated
    // whole (default: a quarter of physical memory).
    if (const qint64 budget = qEnvironmentVariableIntValue("NPY_INFLATE_BUDGET_MB"); budget > 0)
        npy::setInflateBudget(budget << 20);

    QCommandLineParser parser;
    const Options options;
    setUpParser(&parser, options);
    parser.process(app);

    MainWindow::handleFileOpenEvents(&app);
    const QStringList files = parser.positionalArguments();
    const QString member = parser.value(options.member);
    if (parser.isSet(options.compare)) {
        if (files.size() != 1)
            parser.showHelp(2);
        return npyw::CompareView::showWindow(files.first(), parser.value(options.compare)) ? app.exec() : 1;
    }
    if (files.isEmpty())
        (new MainWindow)->show();
    for (const QString &file : files) {
        MainWindow *window = nullptr;
        if (file == QLatin1String("-")) {
            window = new MainWindow; // a stream from a script: np.save into `npy-inspector -`
            window->show();
            window->openStandardInput(0, member);
        } else {
            window = MainWindow::openWindow(file, member);
        }
        if (file == files.first() && window)
            installTestScript(window);
    }
    return app.exec();
}
