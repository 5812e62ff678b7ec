#include "saver.h"

#include "npyfile.h"
#include "npzwriter.h"
#include "savefile_p.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <csignal>

namespace npy {

SaveFormat formatForPath(const QString &path)
{
    return path.endsWith(QStringLiteral(".npy"), Qt::CaseInsensitive) ? SaveFormat::Npy : SaveFormat::Npz;
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

Status saveFile(const QString &path, const QList<SaveMember> &members, SaveFormat format, const Progress &progress,
                CompressionLevel level)
{
    if (format == SaveFormat::Npy) {
        if (members.size() != 1)
            return Status::failure(QCoreApplication::translate("npy::Saver", "%1: an .npy file holds exactly one "
                                                                              "array, not %2")
                                       .arg(path).arg(members.size()));
        return saveNpyFile(path, members.first().array);
    }
    return saveNpz(path, members, format, progress, level);
}

} // namespace npy
