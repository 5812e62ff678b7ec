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
#include <QUndoStack>
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
        npy::SaveMember s;
        s.key = m->key;
        s.source = m->source;
        s.sourceIndex = m->sourceIndex;
        s.compression = format == npy::SaveFormat::NpzCompressed ? npy::Compression::Deflated
                                                                 : npy::Compression::Stored;
        s.modified = !(m->source && m->source->format() == npy::FileFormat::Npz && m->info.compression == s.compression
                       && m->dataEdits == 0);
        if (m->loaded)
            s.array = m->array;
        out.append(s);
    }
    return out;
}

npy::Status saveMembers(const QString &path, QList<npy::SaveMember> members, npy::SaveFormat format)
{
    for (npy::SaveMember &s : members) {
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
    return npy::saveFile(path, members, format);
}

QMimeData *membersMimeData(const Document *document, const QList<int> &ids, QString *error)
{
    auto *mime = new QMimeData;
    QJsonArray idArray;
    QStringList keys;
    for (int id : ids) {
        if (const Member *m = document->memberById(id)) {
            idArray.append(id);
            keys.append(m->key);
        }
    }
    const QJsonObject payload{{QStringLiteral("pid"), QCoreApplication::applicationPid()},
                              {QStringLiteral("document"), QString::number(quintptr(document))},
                              {QStringLiteral("ids"), idArray}};
    mime->setData(QLatin1String(kMembersMimeType), QJsonDocument(payload).toJson(QJsonDocument::Compact));
    mime->setText(keys.join(QLatin1Char('\n')));

    // The files a file manager copies: written now, into a fresh folder per drag.
    QTemporaryDir &tmp = dragDir();
    if (!tmp.isValid()) {
        if (error)
            *error = tr("cannot create a temporary folder: %1").arg(tmp.errorString());
        return mime;
    }
    static int serial = 0;
    const QString folder = tmp.filePath(QStringLiteral("drag-%1").arg(++serial));
    QList<int> arrays;
    for (int id : ids) {
        const Member *m = document->memberById(id);
        if (m && m->isArray())
            arrays.append(id);
    }
    QStringList written;
    const npy::Status st = exportMembersToFolder(snapshotSource(*document, arrays), folder, false, &written);
    if (!st && error)
        *error = st.error();
    QList<QUrl> urls;
    for (const QString &path : std::as_const(written))
        urls.append(QUrl::fromLocalFile(path));
    if (!urls.isEmpty())
        mime->setUrls(urls);
    return mime;
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
    QUndoStack *stack = to->undoStack();
    stack->beginMacro(copies.size() == 1
                          ? QCoreApplication::translate("Undo Commands", "Copy Member “%1”").arg(copies.first()->key)
                          : QCoreApplication::translate("Undo Commands", "Copy %n Member(s)", nullptr,
                                                        int(copies.size())));
    for (auto &c : copies) {
        added.append(c->id);
        const QString text = QCoreApplication::translate("Undo Commands", "Add Member “%1”").arg(c->key);
        stack->push(new InsertMember(to, to->memberCount(), std::move(c), text));
    }
    stack->endMacro();
    return added;
}

} // namespace npyw
