#include "membertransfer.h"

#include "document.h"
#include "export.h"
#include "undocommands.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QSet>
#include <QTemporaryDir>
#include <QUrl>

namespace npyw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npyw::MemberTransfer", text);
}

/** Members of a document frozen at one moment (see snapshotSource()). */
class SnapshotSource : public npy::Source
{
public:
    struct Entry
    {
        npy::NpyArray array; ///< null when not loaded
        std::shared_ptr<const npy::Source> source;
        int sourceIndex = -1;
    };

    SnapshotSource(const QString &path, QList<npy::MemberInfo> infos, QList<Entry> entries)
        : npy::Source(path, npy::FileFormat::Npz), mEntries(std::move(entries))
    {
        mMembers = std::move(infos);
    }

    npy::Result<npy::NpyArray> load(int index, const npy::Progress &progress) const override
    {
        if (index < 0 || index >= mEntries.size() || !mMembers[index].isArray)
            return npy::Result<npy::NpyArray>::failure(tr("%1 is not an array").arg(where(index)));
        const Entry &e = mEntries[index];
        if (!e.array.isNull())
            return e.array;
        if (!e.source)
            return npy::Result<npy::NpyArray>::failure(tr("%1 has no data").arg(where(index)));
        return e.source->load(e.sourceIndex, progress);
    }

    npy::Result<QByteArray> readRaw(int index, const npy::Progress &progress) const override
    {
        if (index < 0 || index >= mEntries.size() || !mEntries[index].source)
            return npy::Result<QByteArray>::failure(tr("%1 has no stored bytes").arg(where(index)));
        return mEntries[index].source->readRaw(mEntries[index].sourceIndex, progress);
    }

private:
    QList<Entry> mEntries;
};

QTemporaryDir &dragDir()
{
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/npy-inspector-drag-XXXXXX"));
    return dir;
}

} // namespace

std::shared_ptr<const npy::Source> snapshotSource(const Document &document, const QList<int> &ids)
{
    QList<npy::MemberInfo> infos;
    QList<SnapshotSource::Entry> entries;
    for (int id : ids) {
        const Member *m = document.memberById(id);
        if (!m)
            continue;
        npy::MemberInfo info = m->info;
        info.name = m->key;
        info.archiveName = m->key + QStringLiteral(".npy");
        info.isArray = m->isArray();
        SnapshotSource::Entry e;
        if (m->loaded)
            e.array = m->array;
        e.source = m->source;
        e.sourceIndex = m->sourceIndex;
        infos.append(info);
        entries.append(e);
    }
    const QString name = document.filePath().isEmpty() ? tr("Untitled") : document.filePath();
    return std::make_shared<SnapshotSource>(name, std::move(infos), std::move(entries));
}

npy::Status exportMembersToFolder(const std::shared_ptr<const npy::Source> &snapshot, const QString &dir,
                                  bool overwrite, QStringList *written)
{
    QList<int> indexes;
    for (int i = 0; i < snapshot->members().size(); ++i)
        indexes.append(i);
    return npy::exportMembers(*snapshot, indexes, dir, overwrite, written);
}

QStringList existingExportTargets(const npy::Source &snapshot, const QString &dir)
{
    QList<int> indexes;
    for (int i = 0; i < snapshot.members().size(); ++i)
        indexes.append(i);
    const QString root = QFileInfo(dir).absoluteFilePath();
    QStringList existing;
    for (const QString &rel : npy::exportFileNames(snapshot, indexes)) {
        if (QFileInfo::exists(root + QLatin1Char('/') + rel))
            existing.append(rel);
    }
    return existing;
}

QList<npy::SaveMember> saveMembersFor(const Document &document, const QList<int> &ids, npy::SaveFormat format)
{
    QList<npy::SaveMember> out;
    for (int id : ids) {
        const Member *m = document.memberById(id);
        if (!m || !m->isArray())
            continue;
        const npy::MemberSavePlan plan = npy::planMemberSave(m->saveState(), format);
        if (plan.action != npy::SaveAction::Omit)
            out.append(m->saveMember(plan));
    }
    return out;
}

npy::Status saveMembers(const QString &path, QList<npy::SaveMember> members, npy::SaveFormat format,
                        npy::CompressionLevel level)
{
    for (npy::SaveMember &s : members) {
        // Members copied raw or re-encoded from their source are read by the writer itself.
        if (!s.modified || !s.array.isNull())
            continue;
        if (!s.source)
            return npy::Status::failure(tr("%1: member '%2' has no data").arg(path, s.key));
        npy::Result<npy::NpyArray> r = s.source->load(s.sourceIndex);
        if (!r)
            return npy::Status::failure(r.error());
        s.array = r.value();
    }
    if (members.isEmpty())
        return npy::Status::failure(tr("%1: no array to write").arg(path));
    return npy::saveFile(path, members, format, {}, level);
}

MembersMimeData::MembersMimeData(const Document *document, const QList<int> &ids)
{
    QJsonArray idArray;
    QStringList keys;
    QList<int> arrays;
    for (int id : ids) {
        if (const Member *m = document->memberById(id)) {
            idArray.append(id);
            keys.append(m->key);
            if (m->isArray())
                arrays.append(id);
        }
    }
    const QJsonObject payload{{QStringLiteral("pid"), QCoreApplication::applicationPid()},
                              {QStringLiteral("document"), QString::number(quintptr(document))},
                              {QStringLiteral("ids"), idArray}};
    setData(QLatin1String(kMembersMimeType), QJsonDocument(payload).toJson(QJsonDocument::Compact));
    setText(keys.join(QLatin1Char('\n')));
    // What the files will hold: the members as they are now (copy-on-write, nothing is copied).
    if (!arrays.isEmpty())
        mSnapshot = snapshotSource(*document, arrays);
    static int serial = 0;
    QTemporaryDir &tmp = dragDir();
    if (tmp.isValid())
        mFolder = tmp.filePath(QStringLiteral("drag-%1").arg(++serial));
}

MembersMimeData::~MembersMimeData() = default;

QStringList MembersMimeData::formats() const
{
    QStringList f = QMimeData::formats();
    if (mSnapshot && !f.contains(QLatin1String("text/uri-list")))
        f.append(QStringLiteral("text/uri-list"));
    return f;
}

bool MembersMimeData::hasFormat(const QString &mimeType) const
{
    return formats().contains(mimeType);
}

QVariant MembersMimeData::retrieveData(const QString &mimeType, QMetaType type) const
{
    if (mimeType != QLatin1String("text/uri-list") || !mSnapshot)
        return QMimeData::retrieveData(mimeType, type);
    writeFiles();
    QVariantList list;
    for (const QUrl &url : std::as_const(mUrls))
        list.append(url);
    return list;
}

void MembersMimeData::writeFiles() const
{
    if (mWritten)
        return;
    mWritten = true;
    if (mFolder.isEmpty()) {
        mError = tr("cannot create a temporary folder: %1").arg(dragDir().errorString());
        return;
    }
    QStringList written;
    const npy::Status st = exportMembersToFolder(mSnapshot, mFolder, false, &written);
    if (!st)
        mError = st.error();
    for (const QString &path : std::as_const(written))
        mUrls.append(QUrl::fromLocalFile(path));
}

QMimeData *membersMimeData(const Document *document, const QList<int> &ids)
{
    return new MembersMimeData(document, ids);
}

bool decodeMembers(const QMimeData *mime, DraggedMembers *out)
{
    if (!mime || !mime->hasFormat(QLatin1String(kMembersMimeType)))
        return false;
    const QJsonObject o = QJsonDocument::fromJson(mime->data(QLatin1String(kMembersMimeType))).object();
    if (qint64(o.value(QStringLiteral("pid")).toDouble()) != QCoreApplication::applicationPid())
        return false;
    bool ok = false;
    out->document = quintptr(o.value(QStringLiteral("document")).toString().toULongLong(&ok));
    if (!ok)
        return false;
    out->ids.clear();
    const QJsonArray ids = o.value(QStringLiteral("ids")).toArray();
    for (const QJsonValue &v : ids)
        out->ids.append(v.toInt(-1));
    return !out->ids.isEmpty();
}

QList<int> copyMembersInto(Document *to, const Document &from, const QList<int> &ids)
{
    QList<int> added;
    if (to == &from || to->isSaving())
        return added;
    QList<std::shared_ptr<Member>> copies;
    QStringList keys;
    for (int id : ids) {
        const Member *m = from.memberById(id);
        if (!m)
            continue;
        auto copy = std::make_shared<Member>(*m);
        copy->id = to->newMemberId();
        QString key = to->uniqueKey(m->key);
        for (int n = 1; keys.contains(key); ++n)
            key = to->uniqueKey(QStringLiteral("%1_%2").arg(m->key).arg(n));
        copy->key = key;
        copy->changes = 0;
        keys.append(key);
        copies.append(copy);
    }
    if (copies.isEmpty())
        return added;
    for (const auto &c : copies)
        added.append(c->id);
    const QString text = copies.size() == 1
                             ? QCoreApplication::translate("Undo Commands", "Copy Member “%1”").arg(copies.first()->key)
                             : QCoreApplication::translate("Undo Commands", "Copy %n Member(s)", nullptr,
                                                           int(copies.size()));
    to->addMembers(std::move(copies), text);
    return added;
}

} // namespace npyw
