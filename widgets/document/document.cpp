#include "document.h"

#include "undocommands.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPromise>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

namespace npyw {

namespace {

struct LoadOutcome
{
    npy::NpyArray array;
    QString error;
    bool ok = false;
};

constexpr int kProgressScale = 1000;

int scaled(qint64 done, qint64 total)
{
    if (total <= 0)
        return 0;
    return int(qBound<qint64>(0, done * kProgressScale / total, qint64(kProgressScale)));
}

} // namespace

npy::MemberSaveState Member::saveState() const
{
    npy::MemberSaveState state;
    state.content = isArray() ? npy::MemberContent::Array
                    : info.isArray ? npy::MemberContent::Pickled
                                   : npy::MemberContent::Other;
    state.edited = dataEdits != 0;
    // A member a damaged file cuts short has no bytes to copy: a save leaves it out (and says so).
    state.hasSource = source && sourceIndex >= 0 && !info.truncated;
    state.current = state.hasSource ? info.compression : npy::Compression::None;
    return state;
}

npy::SaveMember Member::saveMember(const npy::MemberSavePlan &plan) const
{
    npy::SaveMember s;
    s.key = key;
    s.source = source;
    s.sourceIndex = sourceIndex;
    s.compression = plan.compression == npy::Compression::Deflated ? npy::Compression::Deflated
                                                                   : npy::Compression::Stored;
    // The writer asks the same policy again: an unedited member keeps "not modified", so that it
    // is copied raw or re-encoded from its source as decided here.
    s.modified = plan.action == npy::SaveAction::WriteArray;
    if (loaded && isArray())
        s.array = array;
    return s;
}

struct Document::SaveJob
{
    QString path;
    npy::SaveFormat format = npy::SaveFormat::Npz;
    npy::CompressionLevel level = npy::CompressionLevel::Default;
    QList<npy::SaveMember> members;
    /** Indexes into members whose array must be loaded by the worker first. */
    QList<qsizetype> toLoad;
    QList<int> memberIds;
};

struct Document::SaveOutcome
{
    npy::Status status;
    QString path;
    std::shared_ptr<const npy::Source> reopened;
    QList<int> memberIds;
    QList<npy::NpyArray> loadedArrays;
};

Document::Document(std::shared_ptr<const npy::Source> source, QObject *parent)
    : QObject(parent), mUndoStack(new QUndoStack(this))
{
    adoptSource(std::move(source));
    connect(mUndoStack, &QUndoStack::cleanChanged, this, &Document::updateIsModified);
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
}

void Document::openOnWorker(const QString &path,
                            std::function<void(const std::shared_ptr<const npy::Source> &, const QString &)> done)
{
    struct Opened
    {
        std::shared_ptr<const npy::Source> source;
        QString error;
    };
    auto *watcher = new QFutureWatcher<Opened>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, done = std::move(done)]() {
        watcher->deleteLater();
        const Opened out = watcher->future().result();
        done(out.source, out.error);
    });
    watcher->setFuture(QtConcurrent::run([path]() {
        Opened out;
        npy::Result<std::shared_ptr<const npy::Source>> r = npy::Source::open(path);
        if (r)
            out.source = r.value();
        else
            out.error = r.error();
        return out;
    }));
}

bool Document::open(const QString &path)
{
    if (mOpening || mSource || !mMembers.isEmpty())
        return false;
    mOpening = true;
    openOnWorker(path, [this](const std::shared_ptr<const npy::Source> &source, const QString &error) {
        mOpening = false;
        if (!source) {
            emit opened(false, error);
            return;
        }
        adoptSource(source);
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
    for (const auto &m : mMembers) {
        if (m->id == id)
            return m.get();
    }
    return nullptr;
}

Member *Document::mutableMember(int id)
{
    return const_cast<Member *>(memberById(id));
}

std::shared_ptr<Member> Document::sharedMember(int id) const
{
    for (const auto &m : mMembers) {
        if (m->id == id)
            return m;
    }
    return nullptr;
}

int Document::rowOfId(int id) const
{
    for (qsizetype i = 0; i < mMembers.size(); ++i) {
        if (mMembers[i]->id == id)
            return int(i);
    }
    return -1;
}

QString Document::uniqueKey(const QString &base) const
{
    auto taken = [this](const QString &key) {
        for (const auto &m : mMembers) {
            if (m->key == key)
                return true;
        }
        return false;
    };
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

bool Document::loadMemberNow(int id, QString *error)
{
    Member *m = mutableMember(id);
    if (!m)
        return false;
    if (m->loaded)
        return true;
    if (!m->source) {
        if (error)
            *error = tr("The member has no data.");
        return false;
    }
    npy::Result<npy::NpyArray> r = m->source->load(m->sourceIndex);
    if (!r) {
        if (error)
            *error = r.error();
        return false;
    }
    m->array = std::move(r.value());
    m->loaded = true;
    emit memberLoaded(id);
    return true;
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
    auto *watcher = new QFutureWatcher<LoadOutcome>(this);
    load.watcher = watcher;
    const std::shared_ptr<const npy::Source> source = m->source;
    const int index = m->sourceIndex;
    const std::shared_ptr<std::atomic_bool> cancel = load.cancel;
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this, [this, id](int value) {
        emit memberLoadProgress(id, value, kProgressScale);
    });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, id, watcher]() {
        mLoads.remove(id);
        watcher->deleteLater();
        const LoadOutcome outcome = watcher->future().result();
        Member *member = mutableMember(id);
        if (!member)
            return;
        if (!outcome.ok) {
            emit memberLoadFailed(id, outcome.error);
            return;
        }
        if (!member->loaded) {
            member->array = outcome.array;
            member->loaded = true;
        }
        emit memberLoaded(id);
    });
    mLoads.insert(id, load);
    watcher->setFuture(QtConcurrent::run([source, index, cancel](QPromise<LoadOutcome> &promise) {
        promise.setProgressRange(0, kProgressScale);
        npy::Progress progress;
        progress.cancel = cancel.get();
        progress.report = [&promise](qint64 done, qint64 total) { promise.setProgressValue(scaled(done, total)); };
        npy::Result<npy::NpyArray> r = source->load(index, progress);
        LoadOutcome out;
        if (r) {
            out.array = std::move(r.value());
            out.ok = true;
        } else {
            out.error = r.error();
        }
        promise.addResult(out);
    }));
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
    mUndoStack->push(new SetValues(this, id, std::move(o), std::move(b), text, mergeable));
    return true;
}

void Document::renameMember(int id, const QString &newKey)
{
    const Member *m = memberById(id);
    if (mSaving || !m || newKey.isEmpty() || m->key == newKey)
        return;
    mUndoStack->push(new RenameMember(this, id, newKey));
}

void Document::removeMember(int id)
{
    if (mSaving || !memberById(id))
        return;
    mUndoStack->push(new RemoveMember(this, id));
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
    mUndoStack->push(new InsertMember(this, rowOfId(id) + 1, std::move(copy),
                                      QCoreApplication::translate("Undo Commands", "Duplicate Member “%1”")
                                          .arg(m->key)));
    return newId;
}

bool Document::addMembersFromFile(const QString &path)
{
    if (mSaving)
        return false;
    openOnWorker(path, [this, path](const std::shared_ptr<const npy::Source> &source, const QString &error) {
        if (!source) {
            emit membersAdded(path, false, error);
            return;
        }
        const QString why = addSource(path, source);
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
    mUndoStack->beginMacro(tr("Add Arrays from “%1”").arg(QFileInfo(path).fileName()));
    for (auto &m : added) {
        const QString text = QCoreApplication::translate("Undo Commands", "Add Member “%1”").arg(m->key);
        mUndoStack->push(new InsertMember(this, memberCount(), std::move(m), text));
    }
    mUndoStack->endMacro();
    return QString();
}

QByteArray Document::replaceBytes(int id, qint64 offset, const QByteArray &bytes)
{
    Member *m = mutableMember(id);
    if (!m || !m->loaded)
        return QByteArray();
    QByteArray old = m->array.replaceBytes(offset, bytes);
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
        emit membersChanged();
    }
}

void Document::insertMember(int row, std::shared_ptr<Member> member)
{
    mMembers.insert(qBound(0, row, memberCount()), std::move(member));
    emit membersChanged();
}

std::shared_ptr<Member> Document::takeMember(int id)
{
    const int row = rowOfId(id);
    if (row < 0)
        return nullptr;
    emit memberAboutToBeRemoved(id);
    std::shared_ptr<Member> m = mMembers.takeAt(row);
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

Document::SaveJob Document::prepareSave(const QString &path, npy::SaveFormat format,
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

Document::SaveOutcome Document::runSave(const SaveJob &job, const std::atomic_bool *cancel,
                                        const std::function<void(qint64, qint64)> &report)
{
    SaveOutcome out;
    out.path = job.path;
    out.memberIds = job.memberIds;
    QList<npy::SaveMember> members = job.members;
    for (qsizetype i : job.toLoad) {
        npy::Progress p;
        p.cancel = cancel;
        npy::Result<npy::NpyArray> r = members[i].source->load(members[i].sourceIndex, p);
        if (!r) {
            out.status = npy::Status::failure(r.error());
            return out;
        }
        members[i].array = r.value();
    }
    for (const npy::SaveMember &m : members)
        out.loadedArrays.append(m.array);
    npy::Progress progress;
    progress.cancel = cancel;
    progress.report = report;
    out.status = npy::saveFile(job.path, members, job.format, progress, job.level);
    if (!out.status)
        return out;
    npy::Result<std::shared_ptr<const npy::Source>> reopened = npy::Source::open(job.path);
    if (reopened)
        out.reopened = reopened.value();
    return out;
}

void Document::adoptSaved(const SaveOutcome &outcome)
{
    const bool pathChanged = mFilePath != outcome.path;
    mFilePath = outcome.path;
    if (outcome.reopened) {
        mSource = outcome.reopened;
        mFormat = mSource->format();
        const QList<npy::MemberInfo> &infos = mSource->members();
        for (qsizetype i = 0; i < outcome.memberIds.size() && i < infos.size(); ++i) {
            Member *m = mutableMember(outcome.memberIds[i]);
            if (!m)
                continue;
            m->info = infos[i];
            m->source = mSource;
            m->sourceIndex = int(i);
            if (!m->loaded && !outcome.loadedArrays[i].isNull()) {
                m->array = outcome.loadedArrays[i];
                m->loaded = true;
            }
            m->dataEdits = 0;
            m->changes = 0;
        }
    }
    mUndoStack->setClean();
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
    auto *watcher = new QFutureWatcher<SaveOutcome>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
            [this](int value) { emit saveProgress(value, kProgressScale); });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher]() {
        watcher->deleteLater();
        mSaving = false;
        const SaveOutcome outcome = watcher->future().result();
        if (outcome.status)
            adoptSaved(outcome);
        emit saveFinished(outcome.status.ok(), outcome.status.error());
    });
    const SaveJob job = prepareSave(path, format, level);
    watcher->setFuture(QtConcurrent::run([job, cancel](QPromise<SaveOutcome> &promise) {
        promise.setProgressRange(0, kProgressScale);
        auto report = [&promise](qint64 done, qint64 total) { promise.setProgressValue(scaled(done, total)); };
        promise.addResult(runSave(job, cancel.get(), report));
    }));
}

bool Document::saveNow(const QString &path, npy::SaveFormat format, QString *error, npy::CompressionLevel level)
{
    if (mSaving)
        return false;
    const SaveOutcome outcome = runSave(prepareSave(path, format, level), nullptr, {});
    if (!outcome.status) {
        if (error)
            *error = outcome.status.error();
        emit saveFinished(false, outcome.status.error());
        return false;
    }
    adoptSaved(outcome);
    emit saveFinished(true, QString());
    return true;
}

void Document::cancelSave()
{
    if (mSaveCancel)
        mSaveCancel->store(true);
}

} // namespace npyw
