#include "opensource.h"

#include "npyfile.h"
#include "npysource.h"
#include "npzreader.h"

#include <QCoreApplication>
#include <QFile>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Source)
};

} // namespace

Result<std::shared_ptr<const Source>> openSource(const QString &path)
{
    using R = Result<std::shared_ptr<const Source>>;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(Tr::tr("%1: %2").arg(path, file.errorString()));
    const QByteArray magic = file.read(6);
    file.close();
    if (magic.startsWith(QByteArray(kNpyMagic, kNpyMagicLength))) {
        return openNpy(path);
    }
    if (magic.startsWith("PK\x03\x04") || magic.startsWith("PK\x05\x06") || magic.startsWith("PK\x07\x08"))
        return openNpz(path);
    if (magic.isEmpty())
        return R::failure(Tr::tr("%1: the file is empty").arg(path));
    return R::failure(Tr::tr("%1: neither an NPY file (\\x93NUMPY) nor an NPZ archive (PK) at byte 0").arg(path));
}

} // namespace npy
