#include "savefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <csignal>
#include <cstring>

namespace npy {

bool writeBytes(QIODevice *device, const void *data, qint64 size, bool bounce)
{
    const char *p = static_cast<const char *>(data);
    constexpr qint64 kBounce = qint64(4) << 20;
    constexpr qint64 kMaxWrite = qint64(1) << 30;
    QByteArray buffer;
    if (bounce)
        buffer.resize(qsizetype(std::min(kBounce, std::max<qint64>(size, 1))));
    while (size > 0) {
        qint64 step = std::min(size, bounce ? kBounce : kMaxWrite);
        const char *from = p;
        if (bounce) {
            std::memcpy(buffer.data(), p, size_t(step));
            from = buffer.constData();
        }
        const qint64 n = device->write(from, step);
        if (n <= 0)
            return false;
        p += n;
        size -= n;
    }
    return true;
}

QString commitFailureReason(const QSaveFile &file, int error)
{
    const QString folder = QFileInfo(file.fileName()).absolutePath();
    if (!QFileInfo(folder).isWritable())
        return QCoreApplication::translate("npy::Saver", "the folder %1 is no longer writable (permission denied)")
            .arg(QDir::toNativeSeparators(folder));
    const QString qt = file.errorString();
    if (error != 0 && (qt.isEmpty() || qt == QLatin1String("Unknown error")))
        return qt_error_string(error);
    return qt;
}

void ignoreFileSizeSignal()
{
#ifdef SIGXFSZ
    std::signal(SIGXFSZ, SIG_IGN);
#endif
}

} // namespace npy
