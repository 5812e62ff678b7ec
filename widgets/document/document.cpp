#include "document.h"

#include "documentjobs.h"
#include "journalrecorder.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QUndoStack>

namespace npyw {

Document::Document(std::shared_ptr<const npy::Source> source, QObject *parent)
    : QObject(parent), mUndoStack(new QUndoStack(this))
{
    adoptSource(std::move(source));
    connect(mUndoStack, &QUndoStack::cleanChanged, this, &Document::updateIsModified);
    connect(mUndoStack, &QUndoStack::indexChanged, this, &Document::undoIndexChanged);
}

void Document::adoptSource(std::shared_ptr<const npy::Source> source)
{
    mSource = std::move(source);
    if (!mSource)
        return;
    mFilePath = mSource->path();
    mFormat = mSource->format();
    const QList<npy::MemberInfo> &infos = mSource->members();
    for (qsizetype i = 0; i < infos.size(); ++i) {
        auto m = std::make_shared<Member>();
        m->id = newMemberId();
        m->key = infos[i].name;
        m->info = infos[i];
        m->source = mSource;
        m->sourceIndex = int(i);
        mMembers.append(std::move(m));
    }
    reindex();
}

void Document::reindex()
{
    mRowOfId.clear();
    mRowOfKey.clear();
    mRowOfId.reserve(mMembers.size());
    mRowOfKey.reserve(mMembers.size());
    for (qsizetype i = 0; i < mMembers.size(); ++i) {
        mRowOfId.insert(mMembers[i]->id, int(i));
        if (!mRowOfKey.contains(mMembers[i]->key))
            mRowOfKey.insert(mMembers[i]->key, int(i));
    }
}

void Document::indexLast()
{
    const int row = int(mMembers.size()) - 1;
    mRowOfId.insert(mMembers[row]->id, row);
    if (!mRowOfKey.contains(mMembers[row]->key))
        mRowOfKey.insert(mMembers[row]->key, row);
}

void Document::openOnWorker(const QString &path, std::function<void(const OpenedSource &)> done)
{
    auto *watcher = new QFutureWatcher<OpenedSource>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, done = std::move(done)]() {
        watcher->deleteLater();
        done(watcher->future().result());
    });
    watcher->setFuture(startOpenJob(path));
}

bool Document::open(const QString &path)
{
    if (mOpening || mSource || !mMembers.isEmpty())
        return false;
    mOpening = true;
    openOnWorker(path, [this](const OpenedSource &source) {
        mOpening = false;
        if (!source) {
            emit opened(false, source.error());
            return;
        }
        adoptSource(source.value());
        emit membersChanged();
        emit filePathChanged(mFilePath);
        emit opened(true, QString());
    });
    return true;
}

Document::~Document()
{
    for (Load &load : mLoads) {
        load.cancel->store(true);
        if (load.watcher)
            load.watcher->disconnect(this);
    }
    if (mSaveCancel)
        mSaveCancel->store(true);
    if (mNewCancel)
        mNewCancel->store(true);
}

void Document::updateIsModified()
{
    const bool modified = !mUndoStack->isClean();
    if (modified == mModified)
        return;
    mModified = modified;
    emit modifiedChanged(modified);
}

const Member *Document::memberById(int id) const
{
    const int row = rowOfId(id);
    return row >= 0 ? mMembers[row].get() : nullptr;
}

const Member *Document::memberByKey(const QString &key) const
{
    const int row = mRowOfKey.value(key, -1);
    return row >= 0 ? mMembers[row].get() : nullptr;
}

Member *Document::mutableMember(int id)
{
    return const_cast<Member *>(memberById(id));
}

int Document::rowOfId(int id) const
{
    return mRowOfId.value(id, -1);
}

QString Document::uniqueKey(const QString &base) const
{
    auto taken = [this](const QString &key) { return mRowOfKey.contains(key); };
    if (!taken(base))
        return base;
    for (int n = 1;; ++n) {
        const QString key = QStringLiteral("%1_%2").arg(base).arg(n);
        if (!taken(key))
            return key;
    }
}

// --- loading ---------------------------------------------------------------------------------

bool Document::isLoading(int id) const
{
    return mLoads.contains(id);
}

void Document::cancelLoad(int id)
{
    auto it = mLoads.find(id);
    if (it != mLoads.end())
        it->cancel->store(true);
}

npy::Status Document::loadMemberNow(int id)
{
    Member *m = mutableMember(id);
    if (!m)
        return npy::Status::failure(tr("The document has no member %1.").arg(id));
    if (m->loaded)
        return npy::Status();
    if (!m->source)
        return npy::Status::failure(tr("The member has no data."));
    npy::Result<npy::NpyArray> r = loadMemberJob(*m->source, m->sourceIndex);
    if (!r)
        return npy::Status::failure(r.error());
    m->array = std::move(r).value();
    m->loaded = true;
    emit memberLoaded(id);
    return npy::Status();
}

void Document::loadMember(int id)
{
    Member *m = mutableMember(id);
    if (!m || m->loaded || mLoads.contains(id))
        return;
    if (!m->source || !m->isArray()) {
        emit memberLoadFailed(id, m->info.error.isEmpty() ? tr("“%1” is not an array.").arg(m->key)
                                                           : m->info.error);
        return;
    }
    Load load;
    load.cancel = std::make_shared<std::atomic_bool>(false);
    auto *watcher = new QFutureWatcher<npy::Result<npy::NpyArray>>(this);
    load.watcher = watcher;
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this, [this, id](int value) {
        emit memberLoadProgress(id, value, kJobProgressScale);
    });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, id, watcher]() {
        mLoads.remove(id);
        watcher->deleteLater();
        const npy::Result<npy::NpyArray> outcome = watcher->future().result();
        Member *member = mutableMember(id);
        if (!member)
            return;
        if (!outcome) {
            emit memberLoadFailed(id, outcome.error());
            return;
        }
        if (!member->loaded) {
            member->array = outcome.value();
            member->loaded = true;
        }
        emit memberLoaded(id);
    });
    mLoads.insert(id, load);
    watcher->setFuture(startLoadJob(m->source, m->sourceIndex, load.cancel));
}

// --- editing ---------------------------------------------------------------------------------

bool Document::setValues(int id, const QList<qint64> &offsets, const QList<QByteArray> &bytes, const QString &text,
                         bool mergeable)
{
    const Member *m = memberById(id);
    if (mSaving || !m || !m->loaded || offsets.isEmpty() || offsets.size() != bytes.size())
        return false;
    // Drop writes that change nothing, so an unchanged cell does not make the document dirty.
    QList<qint64> o;
    QList<QByteArray> b;
    const uchar *data = m->array.data();
    for (qsizetype i = 0; i < offsets.size(); ++i) {
        if (offsets[i] < 0 || offsets[i] + bytes[i].size() > m->array.nbytes())
            return false;
        if (std::memcmp(data + offsets[i], bytes[i].constData(), size_t(bytes[i].size())) != 0) {
            o.append(offsets[i]);
            b.append(bytes[i]);
        }
    }
    if (o.isEmpty())
        return true;
    if (mJournal)
        mJournal->touch(*m);
    pushEdit(new SetValues(this, id, std::move(o), std::move(b), text, mergeable));
    return true;
}

void Document::renameMember(int id, const QString &newKey)
{
    const Member *m = memberById(id);
    if (mSaving || !m || newKey.isEmpty() || m->key == newKey)
        return;
    pushEdit(new RenameMember(this, id, newKey));
}

void Document::removeMember(int id)
{
    if (mSaving || !memberById(id))
        return;
    pushEdit(new RemoveMember(this, id));
}

int Document::duplicateMember(int id)
{
    const Member *m = memberById(id);
    if (mSaving || !m)
        return -1;
    auto copy = std::make_shared<Member>(*m);
    copy->id = newMemberId();
    copy->key = uniqueKey(m->key + QStringLiteral("_copy"));
    copy->changes = 0;
    // The copy shares the bytes (copy-on-write) and the source, so unedited data is copied raw on save.
    const int newId = copy->id;
    pushEdit(new InsertMember(this, rowOfId(id) + 1, std::move(copy),
                              QCoreApplication::translate("Undo Commands", "Duplicate Member “%1”").arg(m->key)));
    return newId;
}

void Document::addMember(std::shared_ptr<Member> member, const QString &text)
{
    pushEdit(new InsertMember(this, memberCount(), std::move(member), text));
}

void Document::addMembers(QList<std::shared_ptr<Member>> members, const QString &text)
{
    // One membersChanged() for the whole batch: a view rebuilding its list at each of 10^5 inserts would take
    // quadratic time.
    const bool batch = !mBatching;
    mBatching = true;
    beginEditMacro(text);
    for (auto &m : members) {
        const QString child = QCoreApplication::translate("Undo Commands", "Add Member “%1”").arg(m->key);
        addMember(std::move(m), child);
    }
    endEditMacro();
    if (batch) {
        mBatching = false;
        emit membersChanged();
    }
}

bool Document::addMembersFromFile(const QString &path)
{
    if (mSaving)
        return false;
    openOnWorker(path, [this, path](const OpenedSource &source) {
        if (!source) {
            emit membersAdded(path, false, source.error());
            return;
        }
        const QString why = addSource(path, source.value());
        emit membersAdded(path, why.isEmpty(), why);
    });
    return true;
}

QString Document::addSource(const QString &path, const std::shared_ptr<const npy::Source> &source)
{
    if (mSaving)
        return tr("%1 was not added: the document is being saved.").arg(QFileInfo(path).fileName());
    QList<std::shared_ptr<Member>> added;
    for (qsizetype i = 0; i < source->members().size(); ++i) {
        const npy::MemberInfo &info = source->members()[i];
        if (!info.isArray)
            continue;
        auto m = std::make_shared<Member>();
        m->id = newMemberId();
        m->key = uniqueKey(info.name);
        m->info = info;
        m->source = source;
        m->sourceIndex = int(i);
        added.append(m);
    }
    if (added.isEmpty())
        return tr("%1 holds no array.").arg(QFileInfo(path).fileName());
    addMembers(std::move(added), tr("Add Arrays from “%1”").arg(QFileInfo(path).fileName()));
    return QString();
}

QList<QByteArray> Document::replaceBytes(int id, const QList<qint64> &offsets, const QList<QByteArray> &bytes,
                                         bool backwards)
{
    QList<QByteArray> old(offsets.size());
    Member *m = mutableMember(id);
    if (!m || !m->loaded)
        return old;
    for (qsizetype k = 0; k < offsets.size(); ++k) {
        const qsizetype i = backwards ? offsets.size() - 1 - k : k;
        old[i] = m->array.replaceBytes(offsets[i], bytes[i]);
    }
    // Once for the whole write: a fill of a million cells is one change for the views, not a million.
    emit valuesChanged(id);
    return old;
}

void Document::adjustEdits(int id, int dataDelta, int changeDelta)
{
    Member *m = mutableMember(id);
    if (!m)
        return;
    const bool was = m->isModified();
    m->dataEdits += dataDelta;
    m->changes += changeDelta;
    if (was != m->isModified())
        emit membersChanged();
}

void Document::setMemberKey(int id, const QString &key)
{
    if (Member *m = mutableMember(id)) {
        m->key = key;
        reindex(); // another member may share the old key
        emit membersChanged();
    }
}

void Document::insertMember(int row, std::shared_ptr<Member> member)
{
    const int at = qBound(0, row, memberCount());
    mMembers.insert(at, std::move(member));
    if (at == memberCount() - 1)
        indexLast();
    else
        reindex();
    if (!mBatching)
        emit membersChanged();
}

std::shared_ptr<Member> Document::loadedMember(const QString &key, const npy::NpyArray &array)
{
    auto member = std::make_shared<Member>();
    member->id = newMemberId();
    member->key = key;
    member->info.name = key;
    member->info.isArray = true;
    member->info.header = array.header();
    member->info.size = array.nbytes();
    member->array = array;
    member->loaded = true;
    return member;
}

int Document::addArrayWithoutUndo(const QString &key, const npy::NpyArray &array)
{
    std::shared_ptr<Member> member = loadedMember(key, array);
    const int id = member->id;
    insertMember(memberCount(), std::move(member));
    return id;
}

std::shared_ptr<Member> Document::takeMember(int id)
{
    const int row = rowOfId(id);
    if (row < 0)
        return nullptr;
    emit memberAboutToBeRemoved(id);
    std::shared_ptr<Member> m = mMembers.takeAt(row);
    if (row == memberCount()) {
        // The last row: no other row moves (undoing an append of many members stays linear).
        mRowOfId.remove(id);
        if (mRowOfKey.value(m->key, -1) == row)
            mRowOfKey.remove(m->key);
    } else {
        reindex();
    }
    emit membersChanged();
    return m;
}

// --- saving ----------------------------------------------------------------------------------

npy::SaveFormat Document::nativeSaveFormat() const
{
    return mFormat == npy::FileFormat::Npy ? npy::SaveFormat::Npy : npy::SaveFormat::Npz;
}

npy::SaveFormat Document::saveAsFormat() const
{
    if (mFormat == npy::FileFormat::Npy)
        return npy::SaveFormat::Npy;
    for (const auto &m : mMembers) {
        if (m->saveState().current == npy::Compression::Deflated)
            return npy::SaveFormat::NpzCompressed;
    }
    return npy::SaveFormat::NpzStored;
}

QStringList Document::membersLostIn(npy::SaveFormat format) const
{
    // An archive keeps members that are not (readable) arrays by copying their bytes from the
    // source; a .npy file holds one array and nothing else.
    QStringList lost;
    for (const auto &m : mMembers) {
        if (npy::planMemberSave(m->saveState(), format).action == npy::SaveAction::Omit)
            lost.append(m->key);
    }
    return lost;
}

SaveJob Document::prepareSave(const QString &path, npy::SaveFormat format,
                                        npy::CompressionLevel level) const
{
    SaveJob job;
    job.path = path;
    job.format = format;
    job.level = level;
    for (const auto &m : mMembers) {
        const npy::MemberSavePlan plan = npy::planMemberSave(m->saveState(), format);
        if (plan.action == npy::SaveAction::Omit)
            continue;
        // Arrays not copied raw are loaded by the worker first, and kept loaded once saved.
        if (m->isArray() && !m->loaded && plan.action != npy::SaveAction::CopyRaw)
            job.toLoad.append(job.members.size());
        job.members.append(m->saveMember(plan));
        job.memberIds.append(m->id);
    }
    return job;
}

void Document::setStreamName(const QString &name)
{
    mStreamName = name;
    mFilePath.clear();
    emit filePathChanged(mFilePath);
}

void Document::adoptSaved(const SavedFile &outcome)
{
    const bool pathChanged = mFilePath != outcome.path;
    mFilePath = outcome.path;
    if (!mFilePath.isEmpty())
        mStreamName.clear();
    if (outcome.reopened) {
        mSource = outcome.reopened;
        mFormat = mSource->format();
        const QList<npy::MemberInfo> &infos = mSource->members();
        for (qsizetype i = 0; i < outcome.memberIds.size() && i < infos.size(); ++i) {
            Member *m = mutableMember(outcome.memberIds[i]);
            if (!m)
                continue;
            m->info = infos[i];
            if (m->loaded && m->array.isMapped() && m->mappedFrom.isEmpty() && m->source)
                m->mappedFrom = m->source->path();
            if (m->mappedFrom == mSource->path())
                m->mappedFrom.clear();
            m->source = mSource;
            m->sourceIndex = int(i);
            if (!m->loaded && !outcome.loadedArrays[i].isNull()) {
                m->array = outcome.loadedArrays[i];
                m->loaded = true;
            }
            m->dataEdits = 0;
            m->changes = 0;
            m->dataDiffers = false;
        }
    }
    mUndoStack->setClean();
    if (mJournal) {
        // The saved file is the journal's new start; the old journal's edits are in it.
        if (outcome.reopened)
            mJournal->begin(mFilePath, mSource);
        else
            mJournal->stop();
    }
    emit membersChanged();
    if (pathChanged)
        emit filePathChanged(mFilePath);
}

void Document::save(const QString &path, npy::SaveFormat format, npy::CompressionLevel level)
{
    if (mSaving)
        return;
    mSaving = true;
    mSaveCancel = std::make_shared<std::atomic_bool>(false);
    const std::shared_ptr<std::atomic_bool> cancel = mSaveCancel;
    auto *watcher = new QFutureWatcher<npy::Result<SavedFile>>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
            [this](int value) { emit saveProgress(value, kJobProgressScale); });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher]() {
        watcher->deleteLater();
        mSaving = false;
        const npy::Result<SavedFile> outcome = watcher->future().result();
        if (outcome)
            adoptSaved(outcome.value());
        emit saveFinished(outcome.ok(), outcome.error());
    });
    watcher->setFuture(startSaveJob(prepareSave(path, format, level), cancel));
}

npy::Status Document::saveNow(const QString &path, npy::SaveFormat format, npy::CompressionLevel level)
{
    if (mSaving)
        return npy::Status::failure(tr("A save of this document is already running."));
    const npy::Result<SavedFile> outcome = runSaveJob(prepareSave(path, format, level));
    if (!outcome) {
        emit saveFinished(false, outcome.error());
        return npy::Status::failure(outcome.error());
    }
    adoptSaved(outcome.value());
    emit saveFinished(true, QString());
    return npy::Status();
}

void Document::cancelSave()
{
    if (mSaveCancel)
        mSaveCancel->store(true);
}

} // namespace npyw
