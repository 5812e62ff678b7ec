// Desktop integration: installs the build into a temporary prefix with `cmake --install` and checks what a desktop
// would see there: the files, the .desktop entry (desktop-file-validate), the MIME database update-mime-database
// built from our package, and, in a child process pointed at the prefix through XDG_DATA_DIRS, that QMimeDatabase
// resolves .npy and .npz files to our types.

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QImage>
#include <QMimeDatabase>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

const char mimeProbeFlag[] = "--mime-probe";

QString appId()
{
    return QStringLiteral(NPY_APP_ID);
}

/// Helper mode of this binary, run as a child with its own XDG_DATA_DIRS:
/// `tst_desktop --mime-probe MODE PATH` prints "NAME<TAB>ANCESTOR ANCESTOR..." for PATH, where MODE is
/// `name` (file name only), `content` (bytes only) or `file` (what a file manager does: name, then content).
int mimeProbe(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 4)
        return 2;
    const QString &mode = args.at(2);
    const QString &path = args.at(3);
    QMimeDatabase db;
    QMimeType type;
    if (mode == QLatin1String("name"))
        type = db.mimeTypeForFile(path, QMimeDatabase::MatchExtension);
    else if (mode == QLatin1String("content"))
        type = db.mimeTypeForFile(path, QMimeDatabase::MatchContent);
    else if (mode == QLatin1String("file"))
        type = db.mimeTypeForFile(path, QMimeDatabase::MatchDefault);
    else
        return 2;
    QTextStream(stdout) << type.name() << '\t' << type.allAncestors().join(QLatin1Char(' ')) << '\n';
    return 0;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

struct Run
{
    int status = -1;
    QString out;
};

/// Runs a program to completion; status -1 when it could not start, crashed or hung.
Run run(const QString &program, const QStringList &args,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    Run r;
    const bool finished = p.waitForFinished(300000);
    r.out = QString::fromUtf8(p.readAll());
    if (!finished || p.exitStatus() != QProcess::NormalExit) {
        p.kill();
        p.waitForFinished();
        r.out += QStringLiteral("\n[%1 did not finish normally: %2]").arg(program, p.errorString());
        return r;
    }
    r.status = p.exitCode();
    return r;
}

/// The keys of the \a group group of a .desktop-style file (no localized keys expected).
QHash<QString, QString> desktopEntry(const QString &path, QLatin1String group = QLatin1String("[Desktop Entry]"))
{
    QHash<QString, QString> keys;
    const QStringList lines = QString::fromUtf8(readAll(path)).split(QLatin1Char('\n'));
    bool inEntry = false;
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1Char('['))) {
            inEntry = line == group;
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (inEntry && eq > 0)
            keys.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    return keys;
}

} // namespace

class TestDesktop : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void initTestCase();
    void cleanupTestCase();
    void installedFiles_data();
    void installedFiles();
    void desktopFileValidates();
    void desktopEntryKeys();
    void mimeDatabaseUpdated();
    void desktopDatabaseUpdated();
    void metainfoValidates();
    void thumbnailerRuns();
    void mimeTypesResolve_data();
    void mimeTypesResolve();
    void withoutPackageNpyIsUnknown();
    void iconResource();
    void licenseResource();
    void textWithoutDisplay_data();
    void textWithoutDisplay();

private:
    [[nodiscard]] QString installed(const QString &relative) const;
    [[nodiscard]] QString probe(const QString &mode, const QString &path, const QString &dataDirs,
                                QString *ancestors = nullptr) const;

    QTemporaryDir mPrefix;
    QTemporaryDir mWork;
    QByteArray mSavedManifest;
    bool mHadManifest = false;
};

QString TestDesktop::installed(const QString &relative) const
{
    return mPrefix.path() + QLatin1Char('/') + relative;
}

QString TestDesktop::probe(const QString &mode, const QString &path, const QString &dataDirs,
                           QString *ancestors) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_DIRS"), dataDirs);
    // An empty data home, so nothing the user installed in ~/.local/share/mime takes part.
    env.insert(QStringLiteral("XDG_DATA_HOME"), mWork.filePath(QStringLiteral("data-home")));
    const Run r = run(QCoreApplication::applicationFilePath(),
                      {QString::fromLatin1(mimeProbeFlag), mode, path}, env);
    if (r.status != 0)
        return QStringLiteral("probe failed: ") + r.out;
    const QStringList fields = r.out.trimmed().split(QLatin1Char('\t'));
    if (ancestors)
        *ancestors = fields.value(1);
    return fields.value(0);
}

void TestDesktop::initTestCase()
{
    QVERIFY(mPrefix.isValid());
    QVERIFY(mWork.isValid());
    QVERIFY(QDir(mWork.path()).mkpath(QStringLiteral("data-home")));

    // `cmake --install` rewrites install_manifest.txt in the build dir; keep a real install's list intact.
    const QString manifest = QStringLiteral(NPY_BUILD_DIR "/install_manifest.txt");
    mHadManifest = QFile::exists(manifest);
    mSavedManifest = readAll(manifest);

    const Run r = run(QStringLiteral(NPY_CMAKE_COMMAND),
                      {QStringLiteral("--install"), QStringLiteral(NPY_BUILD_DIR), QStringLiteral("--prefix"),
                       mPrefix.path()});
    QVERIFY2(r.status == 0, qPrintable(QStringLiteral("cmake --install failed:\n") + r.out));
    QVERIFY2(!r.out.contains(QLatin1String("CMake Warning")), qPrintable(r.out));
}

void TestDesktop::cleanupTestCase()
{
    const QString manifest = QStringLiteral(NPY_BUILD_DIR "/install_manifest.txt");
    if (mHadManifest)
        writeFile(manifest, mSavedManifest);
    else
        QFile::remove(manifest);
}

void TestDesktop::installedFiles_data()
{
    QTest::addColumn<QString>("path");
    const QString bin = QStringLiteral(NPY_INSTALL_BINDIR "/");
    const QString share = QStringLiteral(NPY_INSTALL_DATADIR "/");
    QTest::newRow("gui") << bin + QStringLiteral("npy-inspector");
    QTest::newRow("tool") << bin + QStringLiteral("npy-tool");
    QTest::newRow("desktop") << share + QStringLiteral("applications/%1.desktop").arg(appId());
    QTest::newRow("mime") << share + QStringLiteral("mime/packages/%1.xml").arg(appId());
    QTest::newRow("metainfo") << share + QStringLiteral("metainfo/%1.metainfo.xml").arg(appId());
    QTest::newRow("thumbnailer") << share + QStringLiteral("thumbnailers/npy-inspector.thumbnailer");
    QTest::newRow("bash completion") << share + QStringLiteral("bash-completion/completions/npy-tool");
    QTest::newRow("svg") << share + QStringLiteral("icons/hicolor/scalable/apps/%1.svg").arg(appId());
    QTest::newRow("man tool") << share + QStringLiteral("man/man1/npy-tool.1.gz");
    QTest::newRow("man gui") << share + QStringLiteral("man/man1/npy-inspector.1.gz");
    QTest::newRow("copyright") << share + QStringLiteral("doc/npy-inspector/copyright");
    QTest::newRow("changelog") << share + QStringLiteral("doc/npy-inspector/changelog.gz");
    const QStringList sizes = QStringLiteral(NPY_PNG_ICON_SIZES).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &size : sizes) {
        QTest::addRow("png %s", qPrintable(size))
            << share + QStringLiteral("icons/hicolor/%1x%1/apps/%2.png").arg(size, appId());
    }
}

void TestDesktop::installedFiles()
{
    QFETCH(QString, path);
    const QFileInfo info(installed(path));
    QVERIFY2(info.isFile(), qPrintable(path));
    QVERIFY(info.size() > 0);
    if (path.endsWith(QLatin1String(".png"))) {
        const QString size = path.section(QLatin1Char('/'), -3, -3).section(QLatin1Char('x'), 0, 0);
        const QImage png(info.filePath());
        QVERIFY2(!png.isNull(), qPrintable(path));
        QCOMPARE(png.width(), size.toInt());
        QCOMPARE(png.height(), size.toInt());
    }
    if (path.startsWith(QLatin1String(NPY_INSTALL_BINDIR "/")))
        QVERIFY(info.isExecutable());
    if (path.endsWith(QLatin1String(".gz")))
        QVERIFY2(readAll(info.filePath()).startsWith("\x1f\x8b"), "not gzip data");
}

void TestDesktop::desktopFileValidates()
{
    const QString validator = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
    if (validator.isEmpty())
        QSKIP("desktop-file-validate not installed (Debian: desktop-file-utils)");
    const Run r = run(validator, {installed(QStringLiteral(NPY_INSTALL_DATADIR "/applications/%1.desktop")
                                                .arg(appId()))});
    QVERIFY2(r.status == 0, qPrintable(r.out));
    // Errors make it fail; warnings and hints do not, but we want none of those either.
    QVERIFY2(r.out.trimmed().isEmpty(), qPrintable(r.out));
}

void TestDesktop::desktopEntryKeys()
{
    const auto keys = desktopEntry(installed(QStringLiteral(NPY_INSTALL_DATADIR "/applications/%1.desktop")
                                                 .arg(appId())));
    QCOMPARE(keys.value(QStringLiteral("Type")), QStringLiteral("Application"));
    QCOMPARE(keys.value(QStringLiteral("Exec")), QStringLiteral("npy-inspector %F"));
    QCOMPARE(keys.value(QStringLiteral("Icon")), appId());
    QCOMPARE(keys.value(QStringLiteral("MimeType")), QStringLiteral("application/x-npy;application/x-npz;"));

    // The installed program is the one Exec names.
    QVERIFY(QFileInfo(installed(QStringLiteral(NPY_INSTALL_BINDIR "/npy-inspector"))).isExecutable());
    // The MIME package defines exactly the types the entry claims.
    const QByteArray package = readAll(installed(QStringLiteral(NPY_INSTALL_DATADIR "/mime/packages/%1.xml")
                                                     .arg(appId())));
    QVERIFY(package.contains("<mime-type type=\"application/x-npy\">"));
    QVERIFY(package.contains("<mime-type type=\"application/x-npz\">"));
    QCOMPARE(package.count("<mime-type "), 2);
}

void TestDesktop::mimeDatabaseUpdated()
{
    const QString mime = installed(QStringLiteral(NPY_INSTALL_DATADIR "/mime/"));
    // update-mime-database writes one file per type it accepted from the package, and the binary cache.
    const QByteArray npy = readAll(mime + QStringLiteral("application/x-npy.xml"));
    QVERIFY2(!npy.isEmpty(), "update-mime-database did not generate application/x-npy.xml");
    QVERIFY(npy.contains("NumPy array"));
    const QByteArray npz = readAll(mime + QStringLiteral("application/x-npz.xml"));
    QVERIFY2(!npz.isEmpty(), "update-mime-database did not generate application/x-npz.xml");
    QVERIFY(npz.contains("application/zip"));
    QVERIFY(QFileInfo(mime + QStringLiteral("mime.cache")).size() > 0);
    QVERIFY(readAll(mime + QStringLiteral("globs2")).contains("*.npy"));
    QVERIFY(readAll(mime + QStringLiteral("magic")).contains("\x93NUMPY"));
}

void TestDesktop::desktopDatabaseUpdated()
{
    if (QStandardPaths::findExecutable(QStringLiteral("update-desktop-database")).isEmpty())
        QSKIP("update-desktop-database not installed (Debian: desktop-file-utils)");
    // What file managers consult to find the application for a type.
    const QString cache = QString::fromUtf8(
        readAll(installed(QStringLiteral(NPY_INSTALL_DATADIR "/applications/mimeinfo.cache"))));
    const QString entry = appId() + QStringLiteral(".desktop;");
    QVERIFY2(cache.contains(QStringLiteral("application/x-npy=") + entry), qPrintable(cache));
    QVERIFY2(cache.contains(QStringLiteral("application/x-npz=") + entry), qPrintable(cache));
}

void TestDesktop::metainfoValidates()
{
    const QString path = installed(QStringLiteral(NPY_INSTALL_DATADIR "/metainfo/%1.metainfo.xml").arg(appId()));
    const QByteArray metainfo = readAll(path);
    QVERIFY(metainfo.contains("<id>" NPY_APP_ID "</id>"));
    QVERIFY(metainfo.contains("<launchable type=\"desktop-id\">" NPY_APP_ID ".desktop</launchable>"));
    QVERIFY(metainfo.contains("<mediatype>application/x-npy</mediatype>"));
    QVERIFY(metainfo.contains("<mediatype>application/x-npz</mediatype>"));

    const QString appstreamcli = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
    if (appstreamcli.isEmpty())
        QSKIP("appstreamcli not installed (Debian: appstream)");
    const Run r = run(appstreamcli, {QStringLiteral("validate"), QStringLiteral("--no-net"), path});
    QVERIFY2(r.status == 0, qPrintable(r.out));
}

void TestDesktop::thumbnailerRuns()
{
    const QString entry = installed(QStringLiteral(NPY_INSTALL_DATADIR "/thumbnailers/npy-inspector.thumbnailer"));
    const auto keys = desktopEntry(entry, QLatin1String("[Thumbnailer Entry]"));
    QCOMPARE(keys.value(QStringLiteral("TryExec")), QStringLiteral("npy-tool"));
    QCOMPARE(keys.value(QStringLiteral("MimeType")), QStringLiteral("application/x-npy;application/x-npz;"));
    const QString exec = keys.value(QStringLiteral("Exec"));
    QVERIFY2(exec.startsWith(QLatin1String("npy-tool ")), qPrintable(exec));
    // Its Exec line as a file manager runs it: %i the input, %o the output, %s the size; no display.
    QStringList args = exec.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QString program = installed(QStringLiteral(NPY_INSTALL_BINDIR "/") + args.takeFirst());
    const QString out = mWork.filePath(QStringLiteral("thumbnail.png"));
    for (QString &a : args) {
        if (a == QLatin1String("%i"))
            a = QStringLiteral(NPY_SOURCE_DIR "/tests/data/picture/rgb_u8.npy");
        else if (a == QLatin1String("%o"))
            a = out;
        else if (a == QLatin1String("%s"))
            a = QStringLiteral("128");
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    const Run r = run(program, args, env);
    QVERIFY2(r.status == 0, qPrintable(r.out));
    const QImage png(out);
    QCOMPARE(png.size(), QSize(128, 96));
}

void TestDesktop::mimeTypesResolve_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("ancestor");

    QTest::newRow("x.npy by name") << u"name"_s << u"x.npy"_s << u"application/x-npy"_s << u""_s;
    QTest::newRow("x.npy file") << u"file"_s << u"x.npy"_s << u"application/x-npy"_s << u""_s;
    QTest::newRow("nameless npy by content") << u"content"_s << u"noname"_s << u"application/x-npy"_s << u""_s;
    QTest::newRow("nameless npy file") << u"file"_s << u"noname"_s << u"application/x-npy"_s << u""_s;
    QTest::newRow("y.npz by name") << u"name"_s << u"y.npz"_s << u"application/x-npz"_s << u"application/zip"_s;
    QTest::newRow("y.npz file") << u"file"_s << u"y.npz"_s << u"application/x-npz"_s << u"application/zip"_s;
    QTest::newRow("z.zip unchanged") << u"name"_s << u"z.zip"_s << u"application/zip"_s << u""_s;
}

void TestDesktop::mimeTypesResolve()
{
    QFETCH(QString, mode);
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QFETCH(QString, ancestor);

    // A minimal version 1.0 .npy of one float64, and a real archive for the .npz.
    QByteArray npy("\x93NUMPY\x01\x00\x76\x00", 10);
    npy += "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }";
    npy += QByteArray(128 - 1 - npy.size(), ' ') + '\n' + QByteArray(8, '\0');
    const QString npyPath = mWork.filePath(QStringLiteral("x.npy"));
    const QString nameless = mWork.filePath(QStringLiteral("noname"));
    const QString npzPath = mWork.filePath(QStringLiteral("y.npz"));
    QVERIFY(writeFile(npyPath, npy));
    QVERIFY(writeFile(nameless, npy));
    QVERIFY(writeFile(npzPath, readAll(QStringLiteral(NPY_SOURCE_DIR "/resources/samples/demo.npz"))));
    QVERIFY(QFileInfo(npzPath).size() > 0);

    const QString dataDirs = installed(QStringLiteral(NPY_INSTALL_DATADIR)) + QStringLiteral(":/usr/share");
    QString ancestors;
    const QString name = probe(mode, mWork.filePath(file), dataDirs, &ancestors);
    QCOMPARE(name, expected);
    if (!ancestor.isEmpty())
        QVERIFY2(ancestors.split(QLatin1Char(' ')).contains(ancestor), qPrintable(ancestors));
}

void TestDesktop::withoutPackageNpyIsUnknown()
{
    // The control: the same probe without our prefix must not find our type, or the test above proves nothing.
    const QString name = probe(QStringLiteral("name"), mWork.filePath(QStringLiteral("x.npy")),
                               QStringLiteral("/usr/share"));
    if (name == QLatin1String("application/x-npy"))
        QSKIP("this system's MIME database already defines application/x-npy");
    QVERIFY2(!name.startsWith(QLatin1String("probe failed")), qPrintable(name));
}

void TestDesktop::iconResource()
{
    // The icon the app sets on its windows is the one installed for the desktop.
    const QString resource = QStringLiteral(":/icons/" NPY_APP_ID ".svg");
    QVERIFY(QFile::exists(resource));
    const QByteArray svg = readAll(resource);
    QCOMPARE(svg, readAll(installed(QStringLiteral(NPY_INSTALL_DATADIR "/icons/hicolor/scalable/apps/%1.svg")
                                        .arg(appId()))));
    // Rendering it needs the Qt SVG image plugin (libqt6svg6), as the window icon will.
    const QImage image(resource);
    QVERIFY2(!image.isNull(), "the SVG icon does not render: is the Qt SVG image plugin installed?");
    QCOMPARE(image.size(), QSize(128, 128));
    QVERIFY(qAlpha(image.pixel(64, 64)) == 255);
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
}

void TestDesktop::licenseResource()
{
    // What an About box shows: the LICENSE file itself, and its SPDX name as the metainfo states it.
    const QByteArray text = readAll(QStringLiteral(":/legal/LICENSE"));
    QCOMPARE(text, readAll(QStringLiteral(NPY_SOURCE_DIR "/LICENSE")));
    QVERIFY(text.startsWith("MIT License"));
    QVERIFY(text.contains("The NPY Inspector developers"));
    const QByteArray metainfo = readAll(QStringLiteral(NPY_SOURCE_DIR "/resources/%1.metainfo.xml").arg(appId()));
    QVERIFY(metainfo.contains("<project_license>" NPY_LICENSE_SPDX "</project_license>"));
}

void TestDesktop::textWithoutDisplay_data()
{
    QTest::addColumn<QString>("arg");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--help") << QStringLiteral("--help") << QStringLiteral("Usage:");
    QTest::newRow("-h") << QStringLiteral("-h") << QStringLiteral("--compare");
    QTest::newRow("--version") << QStringLiteral("--version")
                               << QStringLiteral("NPY Inspector " PROJECT_VERSION_STRING);
}

void TestDesktop::textWithoutDisplay()
{
    // Over ssh or in a script there is no display: --help and --version still answer (a QApplication would abort).
    QFETCH(QString, arg);
    QFETCH(QString, expected);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    const Run r = run(installed(QStringLiteral(NPY_INSTALL_BINDIR "/npy-inspector")), {arg}, env);
    QVERIFY2(r.status == 0, qPrintable(r.out));
    QVERIFY2(r.out.contains(expected), qPrintable(r.out));
}

int main(int argc, char **argv)
{
    if (argc >= 2 && qstrcmp(argv[1], mimeProbeFlag) == 0)
        return mimeProbe(argc, argv);
    QCoreApplication app(argc, argv);
    TestDesktop test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_desktop.moc"
