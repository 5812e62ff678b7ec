#pragma once

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTest>

#include <limits>

namespace npytest {

/** Absolute path of a file below tests/data. */
inline QString dataPath(const QString &relative)
{
    return QStringLiteral(NPY_TEST_DATA_DIR) + QLatin1Char('/') + relative;
}

/** A number as a fixture generator writes it in JSON: null for NaN, "inf" and "-inf" for the infinities. */
inline double jsonDouble(const QJsonValue &v)
{
    if (v.isNull())
        return std::numeric_limits<double>::quiet_NaN();
    if (v.isString())
        return v.toString() == QLatin1String("inf") ? std::numeric_limits<double>::infinity()
                                                    : -std::numeric_limits<double>::infinity();
    return v.toDouble();
}

/** The entries of a fixture manifest (expected.json or manifest.json) below tests/data. */
inline QJsonArray manifest(const QString &relative)
{
    QFile f(dataPath(relative));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture manifest %s", qPrintable(relative));
    return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("files")).toArray();
}

inline QList<qint64> shapeOf(const QJsonValue &v)
{
    QList<qint64> shape;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &d : a)
        shape << qint64(d.toDouble());
    return shape;
}

/** SHA-256 of a file's bytes (empty when it cannot be read). */
inline QByteArray fileDigest(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray();
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result();
}

/**
 * A python3 that can import NumPy, or empty: Debian's /usr/bin/python3 carries NumPy, another
 * python3 earlier on PATH may not. The answer is looked up once.
 */
inline QString pythonWithNumpy()
{
    static const QString found = [] {
        for (const QString &candidate : {QStringLiteral("/usr/bin/python3"), QStringLiteral("python3")}) {
            QProcess p;
            p.start(candidate, {QStringLiteral("-c"), QStringLiteral("import numpy")});
            if (p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
                return candidate;
        }
        return QString();
    }();
    return found;
}

/**
 * Runs \a script with the python3 that has NumPy (pythonWithNumpy) and \a args; stdout and stderr
 * together in \a output. True when it ended normally with status 0 within \a timeoutMs.
 */
inline bool runPython(const QString &script, const QStringList &args, QString *output, int timeoutMs = 300000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(pythonWithNumpy(), QStringList{QStringLiteral("-c"), script} + args);
    const bool finished = p.waitForFinished(timeoutMs);
    if (!finished)
        p.kill();
    *output = finished ? QString::fromUtf8(p.readAll()) : QStringLiteral("python did not finish");
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

#ifdef NPY_TOOL_PATH
/** How a run of npy-tool ended: its exit status (-1 when it crashed or hung) and what it printed. */
struct ToolRun
{
    int status = -1;
    QString out;
    QString err;
};

/** Runs npy-tool (the build's) with \a args and waits up to \a timeoutMs for it. */
inline ToolRun runTool(const QStringList &args, int timeoutMs = 300000)
{
    QProcess p;
    p.start(QStringLiteral(NPY_TOOL_PATH), args);
    ToolRun r;
    if (!p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit) {
        p.kill();
        r.err = QStringLiteral("crashed or hung");
        return r;
    }
    r.status = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}
#endif

/**
 * Sets the modification time of \a path to \a when (the file must be writable), so that a test
 * sees a changed file without waiting for the clock to move on.
 */
inline bool setModifiedTime(const QString &path, const QDateTime &when)
{
    QFile f(path);
    return f.open(QIODevice::ReadWrite) && f.setFileTime(when, QFileDevice::FileModificationTime);
}

/** Files hand-written by the generator in layouts np.save never produces (legacy padding, no newline...). */
inline bool isHandWritten(const QString &file)
{
    return file.startsWith(QLatin1String("legacy_")) || file == QLatin1String("header_key_order.npy")
           || file == QLatin1String("header_no_newline.npy");
}

} // namespace npytest
