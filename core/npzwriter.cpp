#include "npzwriter.h"

#include <QCoreApplication>

namespace npy {

Status saveNpz(const QString &path, const QList<SaveMember> &, SaveFormat, const Progress &)
{
    return Status::failure(QCoreApplication::translate("npy::Npz", "%1: NPZ writing is not available yet").arg(path));
}

} // namespace npy
