#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("npy-inspector"));
    QApplication::setApplicationName(QStringLiteral("NPY Inspector"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("npy-inspector"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "View and edit NumPy .npy and .npz files."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"), QApplication::translate("main", "Files to open."),
                                 QStringLiteral("[files...]"));
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        (new MainWindow)->show();
    for (const QString &file : files)
        MainWindow::openWindow(file);
    return app.exec();
}
