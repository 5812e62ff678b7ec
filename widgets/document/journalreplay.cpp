// Document::recoverJournal(): a crash journal's steps applied again as undo commands.
#include "document.h"

#include "journalfile.h"
#include "journalrecorder.h"
#include "npyfile.h"
#include "opensource.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QTimer>
#include <QUndoStack>

namespace npyw {

namespace {

/** True when every offset of \a op, with its value's bytes, lies inside \a nbytes. */
bool writeFits(const npy::JournalOp &op, qint64 nbytes)
{
    qint64 widest = 0;
    for (const QByteArray &v : op.values)
        widest = qMax<qint64>(widest, v.size());
    if (op.values.size() != 1 && op.values.size() != op.offsetCount())
        return false;
    for (const npy::OffsetRun &r : op.runs) {
        qint64 span = 0;
        qint64 last = 0;
        // Strides may be negative (an undo writes back in reverse order).
        if (__builtin_mul_overflow(r.count - 1, r.stride, &span) || __builtin_add_overflow(r.start, span, &last))
            return false;
        const qint64 low = qMin(r.start, last);
        const qint64 high = qMax(r.start, last);
        if (low < 0 || high > nbytes - widest)
            return false;
    }
    return true;
}

} // namespace

std::shared_ptr<Member> Document::memberForInsert(const npy::JournalOp &op, QString *why)
{
    auto m = std::make_shared<Member>();
    m->id = newMemberId();
    m->key = op.key;
    switch (op.origin) {
    case npy::JournalOrigin::BaseFile:
        if (op.sourceIndex < 0 || op.sourceIndex >= mSource->members().size()) {
            *why = Document::tr("The journal adds member %1 of the file, which has %2.")
                       .arg(op.sourceIndex)
                       .arg(mSource->members().size());
            return nullptr;
        }
        m->info = mSource->members()[op.sourceIndex];
        m->source = mSource;
        m->sourceIndex = op.sourceIndex;
        return m;
    case npy::JournalOrigin::OtherFile: {
        const QFileInfo info(op.originPath);
        if (!info.exists() || info.size() != op.originSize
            || info.fileTime(QFileDevice::FileModificationTime).toMSecsSinceEpoch() != op.originMtimeMs) {
            *why = Document::tr("“%1” was added from %2, which changed or is gone since.")
                       .arg(op.key, QDir::toNativeSeparators(op.originPath));
            return nullptr;
        }
        npy::Result<std::shared_ptr<const npy::Source>> source = npy::openSource(op.originPath);
        if (!source) {
            *why = source.error();
            return nullptr;
        }
        if (op.sourceIndex < 0 || op.sourceIndex >= source.value()->members().size()) {
            *why = Document::tr("%1 has no member %2.")
                       .arg(QDir::toNativeSeparators(op.originPath))
                       .arg(op.sourceIndex);
            return nullptr;
        }
        m->info = source.value()->members()[op.sourceIndex];
        m->source = source.value();
        m->sourceIndex = op.sourceIndex;
        return m;
    }
    case npy::JournalOrigin::Inline: {
        npy::Result<npy::NpyArray> array = npy::readNpyBytes(op.npyBytes, tr("the journal's copy of “%1”").arg(op.key));
        if (!array) {
            *why = array.error();
            return nullptr;
        }
        m->info.name = op.key;
        m->info.isArray = true;
        m->info.header = array.value().header();
        m->info.size = array.value().nbytes();
        m->array = std::move(array).value();
        m->loaded = true;
        return m;
    }
    }
    return nullptr;
}

npy::Status Document::applyJournalOps(const QList<npy::JournalOp> &ops, const QString &text)
{
    const bool macro = ops.size() > 1;
    if (macro)
        beginEditMacro(text);
    npy::Status status;
    for (const npy::JournalOp &op : ops) {
        if (op.kind != npy::JournalOpKind::Insert && op.row >= memberCount()) {
            status = npy::Status::failure(
                tr("The journal names member %1 of %2 (“%3”).").arg(op.row + 1).arg(memberCount()).arg(text));
            break;
        }
        const int id = op.kind == npy::JournalOpKind::Insert ? -1 : mMembers[op.row]->id;
        if (op.kind == npy::JournalOpKind::Write) {
            Member *m = mutableMember(id);
            npy::Status loaded = m->isArray() ? loadMemberNow(id) : npy::Status::failure(m->info.error);
            if (!loaded) {
                status = npy::Status::failure(tr("“%1” cannot be loaded: %2").arg(m->key, loaded.error()));
                break;
            }
            if (m->array.isReadOnly() || !writeFits(op, m->array.nbytes())) {
                status = npy::Status::failure(
                    tr("The journal writes outside the data of “%1” (“%2”).").arg(m->key, text));
                break;
            }
            const QList<qint64> offsets = op.offsets();
            QList<QByteArray> values = op.values;
            if (values.size() == 1 && offsets.size() > 1)
                values = QList<QByteArray>(offsets.size(), op.values[0]);
            if (mJournal)
                mJournal->touch(*m);
            pushEdit(new SetValues(this, id, offsets, values, text, false));
        } else if (op.kind == npy::JournalOpKind::Rename) {
            pushEdit(new RenameMember(this, id, op.key));
        } else if (op.kind == npy::JournalOpKind::Remove) {
            pushEdit(new RemoveMember(this, id));
        } else {
            QString why;
            std::shared_ptr<Member> m = memberForInsert(op, &why);
            if (!m) {
                status = npy::Status::failure(why);
                break;
            }
            const QString child = macro ? QCoreApplication::translate("Undo Commands", "Add Member “%1”").arg(m->key)
                                        : text;
            pushEdit(new InsertMember(this, op.row, std::move(m), child));
        }
    }
    if (macro)
        endEditMacro();
    return status;
}

bool Document::startRecovery(const npy::JournalContent &journal)
{
    if (mRecovering || mSaving || mOpening || !mSource || mUndoStack->count() > 0)
        return false;
    mRecovering = true;
    auto finish = [this, journal]() {
        mRecovering = false;
        const npy::Status status = recoverJournal(journal);
        emit recovered(status.ok(), status.error());
    };
    // The members the journal checks are the file's members it writes to: load them on workers first.
    auto pending = std::make_shared<QSet<int>>();
    for (const npy::JournalMemberHash &h : journal.memberHashes) {
        if (h.sourceIndex < memberCount() && !mMembers[h.sourceIndex]->loaded && mMembers[h.sourceIndex]->isArray())
            pending->insert(mMembers[h.sourceIndex]->id);
    }
    if (pending->isEmpty()) {
        QTimer::singleShot(0, this, finish);
        return true;
    }
    auto connections = std::make_shared<QList<QMetaObject::Connection>>();
    auto done = [pending, connections, finish](int id) {
        if (!pending->remove(id) || !pending->isEmpty())
            return;
        for (const QMetaObject::Connection &c : *connections)
            QObject::disconnect(c);
        finish(); // a member that failed to load fails there, with the reason
    };
    connections->append(connect(this, &Document::memberLoaded, this, done));
    connections->append(connect(this, &Document::memberLoadFailed, this, [done](int id, const QString &) { done(id); }));
    const QSet<int> ids = *pending;
    for (int id : ids)
        loadMember(id);
    return true;
}

npy::Status Document::recoverJournal(const npy::JournalContent &journal)
{
    if (mRecovering || mSaving || mOpening || !mSource || mUndoStack->count() > 0)
        return npy::Status::failure(tr("Edits are recovered only into a document just opened."));
    // The data of the members written to must be what they were when the edits were made.
    for (const npy::JournalMemberHash &h : journal.memberHashes) {
        if (h.sourceIndex >= memberCount())
            return npy::Status::failure(tr("The file has no member %1 (“%2”).").arg(h.sourceIndex + 1).arg(h.key));
        const int id = mMembers[h.sourceIndex]->id;
        if (npy::Status loaded = loadMemberNow(id); !loaded)
            return loaded;
        const Member *m = memberById(id);
        const npy::JournalMemberHash now
            = npy::journalMemberHash(h.sourceIndex, h.key, m->array.data(), m->array.nbytes());
        if (now.crc != h.crc || now.hashedBytes != h.hashedBytes || m->key != h.key)
            return npy::Status::failure(
                tr("The data of “%1” differ from those the edits were made to.").arg(h.key));
    }
    npy::Status status;
    for (const npy::JournalEntry &e : journal.entries) {
        if (e.kind == npy::JournalEntryKind::Undo || (e.kind == npy::JournalEntryKind::Step && e.replacesTop)) {
            if (!mUndoStack->canUndo()) {
                status = npy::Status::failure(tr("The journal undoes a step it does not hold."));
                break;
            }
            mUndoStack->undo();
        }
        if (e.kind == npy::JournalEntryKind::Redo) {
            if (!mUndoStack->canRedo()) {
                status = npy::Status::failure(tr("The journal redoes a step it does not hold."));
                break;
            }
            mUndoStack->redo();
        }
        if (e.kind == npy::JournalEntryKind::Step) {
            status = applyJournalOps(e.ops, e.text);
            if (!status)
                break;
        }
    }
    if (!status) {
        // Back to the file as opened; the journal this document writes starts again.
        const bool journaling = mJournal && mJournal->isRecording();
        if (mJournal)
            mJournal->stop();
        mUndoStack->setIndex(0);
        mUndoStack->clear();
        mLastIndex = 0;
        mApplied.clear();
        if (journaling)
            mJournal->begin(mFilePath, mSource);
    }
    return status;
}

} // namespace npyw
