#include "toolpickle.h"

#include "export.h"
#include "pickle.h"
#include "toolcommon.h"

#include <QUuid>

namespace npy {

namespace {

/** The message without its "FILE: member 'x': " prefix (the JSON names the member already). */
QString unlocated(const Source &source, int index, const QString &message)
{
    const QString where = source.format() == FileFormat::Npy
                              ? source.path()
                              : QStringLiteral("%1: member '%2'").arg(source.path(), source.members()[index].archiveName);
    const QString prefix = where + QStringLiteral(": ");
    return message.startsWith(prefix) ? message.mid(prefix.size()) : message;
}

} // namespace

PickleObjects::PickleObjects() : mNonce(QUuid::createUuid().toString(QUuid::WithoutBraces)) {}

void PickleObjects::annotate(const Source &source, int index, QJsonObject *member)
{
    Result<PickleTree> tree = readPickledMember(source, index);
    if (!tree) {
        (*member)[QStringLiteral("error")] = unlocated(source, index, tree.error());
        return;
    }
    member->remove(QStringLiteral("error"));
    (*member)[QStringLiteral("object")] = QStringLiteral("@pickle-%1-%2@").arg(mNonce).arg(mTrees.size());
    mTrees.append(pickleJson(tree.value(), tree->root()));
}

QByteArray PickleObjects::splice(QByteArray json) const
{
    for (qsizetype i = 0; i < mTrees.size(); ++i)
        json.replace(QStringLiteral("\"@pickle-%1-%2@\"").arg(mNonce).arg(i).toLatin1(), mTrees[i]);
    return json;
}

void writeLine(QTextStream &out, const QByteArray &utf8)
{
    if (QIODevice *device = out.device()) {
        out.flush();
        device->write(utf8);
        device->write("\n", 1);
        return;
    }
    out << QString::fromUtf8(utf8) << '\n';
}

Status checkPickled(const Source &source, int index)
{
    Result<PickleTree> tree = readPickledMember(source, index);
    return tree ? Status() : Status::failure(tree.error());
}

QString pickleSummary(const Source &source, int index)
{
    Result<PickleTree> tree = readPickledMember(source, index);
    if (!tree)
        return Tr::tr("pickle refused: %1").arg(unlocated(source, index, tree.error()));
    // A 0-d object array (np.save of a dict, say) is summed up by the value it holds.
    const PickleNode &root = tree->node(tree->root());
    const qint32 shown = root.type == PickleType::NdArray && root.shape.isEmpty() && root.items.size() == 1
                             ? root.items.front()
                             : tree->root();
    return Tr::tr("pickle read as data (not executed): %1").arg(pickleRepr(tree.value(), shown, 60));
}

Status exportWithPickles(const Source &source, const QList<int> &indexes, const QString &dir, QTextStream &out)
{
    QList<int> plain;
    QList<int> pickled;
    for (int i : indexes) {
        const MemberInfo &m = source.members()[i];
        (m.isArray && m.header.isPickled() ? pickled : plain).append(i);
    }
    QStringList written;
    Status st = plain.isEmpty() ? Status() : exportMembers(source, plain, dir, true, &written);
    for (int i : std::as_const(pickled)) {
        if (!st)
            break;
        st = exportPickledMember(source, i, dir, &written);
    }
    for (const QString &w : std::as_const(written))
        out << w << '\n';
    return st;
}

} // namespace npy
