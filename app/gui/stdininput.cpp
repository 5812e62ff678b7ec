#include "stdininput.h"

#include "document.h"
#include "jobpool.h"

#include <QCoreApplication>
#include <QDir>
#include <QFutureWatcher>
#include <QTemporaryFile>
#include <QtConcurrent>

#include <cerrno>
#include <cstring>
#include <memory>

#include <unistd.h>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("StdinInput", text);
}

/** What copying the stream gave: the bytes' count, or why it failed. */
struct Copied
{
    qint64 bytes = 0;
    QByteArray head;
    QString error;
};

/** Copies \a fd to its end into \a out (a file descriptor of the temporary file); runs on a worker. */
Copied copyStream(int fd, int out)
{
    Copied c;
    constexpr qint64 kPiece = 1 << 20;
    std::unique_ptr<char[]> buffer(new char[kPiece]);
    for (;;) {
        const ssize_t n = ::read(fd, buffer.get(), kPiece);
        if (n == 0)
            break;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            c.error = tr("cannot read standard input: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return c;
        }
        if (c.head.size() < 8)
            c.head.append(buffer.get(), qsizetype(std::min<qint64>(n, 8 - c.head.size())));
        for (ssize_t done = 0; done < n;) {
            const ssize_t w = ::write(out, buffer.get() + done, size_t(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                c.error = tr("cannot keep a copy of standard input in %1: %2")
                              .arg(QDir::toNativeSeparators(QDir::tempPath()),
                                   QString::fromLocal8Bit(std::strerror(errno)));
                return c;
            }
            done += w;
        }
        c.bytes += n;
    }
    return c;
}

/** Why \a head (the first bytes) is not a NumPy stream, or an empty string when it may be one. */
QString notNumpy(const Copied &c)
{
    if (c.bytes == 0)
        return tr("standard input is empty: expected a NumPy .npy or .npz stream (np.save or np.savez output)");
    if (c.head.startsWith("\x93NUMPY") || c.head.startsWith("PK\x03\x04") || c.head.startsWith("PK\x05\x06"))
        return QString();
    QString shown;
    for (const char ch : c.head) {
        if (ch >= 0x20 && ch < 0x7f)
            shown += QLatin1Char(ch);
        else
            shown += QStringLiteral("\\x%1").arg(quint8(ch), 2, 16, QLatin1Char('0'));
    }
    return tr("standard input is not a NumPy .npy or .npz stream: it starts with “%1”, not \\x93NUMPY (np.save) or "
              "PK (np.savez)")
        .arg(shown);
}

} // namespace

namespace StdinInput {

void open(int fd, const QString &name, QObject *context,
          std::function<void(npyw::Document *document, const QString &error)> done)
{
    // The copy lives as long as the program: the document reads its members from it until it is saved elsewhere.
    auto *file = new QTemporaryFile(QDir::tempPath() + QStringLiteral("/npy-inspector-stdin-XXXXXX"),
                                    QCoreApplication::instance());
    if (!file->open()) {
        const QString error = tr("cannot keep a copy of standard input: %1").arg(file->errorString());
        QMetaObject::invokeMethod(context, [done, error]() { done(nullptr, error); }, Qt::QueuedConnection);
        return;
    }
    auto *watcher = new QFutureWatcher<Copied>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [=]() {
        watcher->deleteLater();
        const Copied copied = watcher->result();
        if (fd != 0)
            ::close(fd);
        const QString error = copied.error.isEmpty() ? notNumpy(copied) : copied.error;
        if (!error.isEmpty()) {
            done(nullptr, error);
            return;
        }
        auto *document = new npyw::Document(nullptr, context);
        QObject::connect(document, &npyw::Document::opened, context, [=](bool ok, const QString &why) {
            if (!ok) {
                document->deleteLater();
                // The private copy's name means nothing to the user: the stream was standard input.
                done(nullptr, QString(why).replace(file->fileName(), name));
                return;
            }
            document->setStreamName(name);
            done(document, QString());
        });
        document->open(file->fileName());
    });
    watcher->setFuture(QtConcurrent::run(npyw::jobPool(), copyStream, fd, int(file->handle())));
}

} // namespace StdinInput
