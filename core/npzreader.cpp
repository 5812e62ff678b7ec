#include "npzreader.h"

#include <QCoreApplication>

namespace npy {

Result<std::shared_ptr<const Source>> openNpz(const QString &path)
{
    return Result<std::shared_ptr<const Source>>::failure(
        QCoreApplication::translate("npy::Npz", "%1: NPZ reading is not available yet").arg(path));
}

} // namespace npy
