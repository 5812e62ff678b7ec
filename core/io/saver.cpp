#include "saver.h"

#include "npyfile.h"
#include "npzwriter.h"

#include <QCoreApplication>

namespace npy {

SaveFormat formatForPath(const QString &path)
{
    return path.endsWith(QStringLiteral(".npy"), Qt::CaseInsensitive) ? SaveFormat::Npy : SaveFormat::Npz;
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
