// Export of the ndarrays found inside a pickled member: DIR/NAME/PATH.npy, byte-identical to np.save.

#include "pickle_p.h"

#include "export.h"
#include "npyfile.h"
#include "source.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace npy {

QStringList picklePaths(const QString &memberName, const QList<PickleArray> &arrays)
{
    QSet<QString> used;
    QStringList names;
    for (const PickleArray &a : arrays) {
        QStringList steps{memberName};
        steps += a.path;
        const QString stem = safeMemberPath(a.path.isEmpty() ? memberName : steps.join(QLatin1Char('/')));
        QString rel = stem + QStringLiteral(".npy");
        for (int n = 1; used.contains(rel.toLower()); ++n)
            rel = QStringLiteral("%1_%2.npy").arg(stem).arg(n);
        used.insert(rel.toLower());
        names.append(rel);
    }
    return names;
}

Status exportPickledMember(const Source &source, int index, const QString &dir, QStringList *written)
{
    Result<PickleTree> tree = readPickledMember(source, index);
    if (!tree)
        return Status::failure(tree.error());
    const QList<PickleArray> arrays = pickleArrays(tree.value());
    const QStringList names = picklePaths(source.members()[index].name, arrays);
    if (!QDir(dir).exists() && !QDir().mkpath(dir))
        return Status::failure(PickleTr::tr("%1: cannot create the folder").arg(dir));
    const QString root = QFileInfo(dir).absoluteFilePath();
    for (qsizetype k = 0; k < arrays.size(); ++k) {
        const QString target = QDir::cleanPath(root + QLatin1Char('/') + names[k]);
        if (!target.startsWith(root + QLatin1Char('/')))
            return Status::failure(PickleTr::tr("%1 would be written outside %2").arg(names[k], dir));
        if (!QDir().mkpath(QFileInfo(target).absolutePath()))
            return Status::failure(PickleTr::tr("%1: cannot create the folder").arg(QFileInfo(target).absolutePath()));
        Result<NpyArray> array = pickleNodeArray(tree.value(), arrays[k].node);
        if (!array)
            return Status::failure(array.error());
        Status st = saveNpyFile(target, array.value());
        if (!st)
            return st;
        if (written)
            written->append(target);
    }
    return Status();
}

} // namespace npy
