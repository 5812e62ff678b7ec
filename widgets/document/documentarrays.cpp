// Document: structural edits of a member's array (transpose, reshape, astype, insert and delete along an
// axis), each one SetArray undo step; what needs the elements is computed on a worker first.
#include "document.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

namespace npyw {

npy::NpyArray Document::replaceArray(int id, npy::NpyArray array)
{
    Member *m = mutableMember(id);
    if (!m || !m->loaded || array.isNull())
        return npy::NpyArray();
    npy::NpyArray old = std::exchange(m->array, std::move(array));
    // The member's header follows the array; where its bytes lie in the file (dataOffset) stays the source's.
    const npy::NpyHeader &h = m->array.header();
    m->info.header.dtype = h.dtype;
    m->info.header.shape = h.shape;
    m->info.header.fortranOrder = h.fortranOrder;
    m->info.header.elementCount = h.elementCount;
    m->info.header.dataBytes = h.dataBytes;
    // Every view of the member starts again from its new shape, as after a load.
    emit memberLoaded(id);
    emit valuesChanged(id);
    emit membersChanged();
    return old;
}

bool Document::setArray(int id, npy::NpyArray array, const QString &text)
{
    const Member *m = memberById(id);
    if (mSaving || !m || !m->loaded || !m->isArray() || array.isNull())
        return false;
    pushEdit(new SetArray(this, id, std::move(array), text));
    return true;
}

bool Document::startArrayEdit(int id, ArrayJob job, const QString &text)
{
    const Member *m = memberById(id);
    if (mSaving || mArrayEditing || !m || !m->loaded || !m->isArray() || !job)
        return false;
    // An immutable copy for the worker, whatever edits follow on this thread (NpyArray::snapshot()).
    npy::NpyArray array = m->array.snapshot();
    if (array.isNull())
        return false;
    mArrayEditing = true;
    mArrayEditCancel = std::make_shared<std::atomic_bool>(false);
    const int index = mUndoStack->index();
    const int count = mUndoStack->count();
    auto *watcher = new QFutureWatcher<npy::Result<npy::NpyArray>>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
            [this](int value) { emit arrayEditProgress(value, kJobProgressScale); });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id, text, index, count]() {
        watcher->deleteLater();
        mArrayEditing = false;
        const bool cancelled = mArrayEditCancel && mArrayEditCancel->load();
        mArrayEditCancel.reset();
        npy::Result<npy::NpyArray> outcome = watcher->future().result();
        if (cancelled) {
            emit arrayEditFinished(id, false, tr("%1 was cancelled; nothing was changed.").arg(text));
            return;
        }
        if (!outcome) {
            emit arrayEditFinished(id, false, outcome.error());
            return;
        }
        // Computed from the member as it was: an edit since (or a save running) makes the result stale.
        if (mUndoStack->index() != index || mUndoStack->count() != count || !memberById(id)) {
            emit arrayEditFinished(id, false, tr("%1 was not applied: the member changed while it was computed.").arg(text));
            return;
        }
        const bool pushed = setArray(id, std::move(outcome).value(), text);
        emit arrayEditFinished(id, pushed, pushed ? QString() : tr("%1 cannot be applied now.").arg(text));
    });
    watcher->setFuture(startArrayJob(std::move(array), std::move(job), mArrayEditCancel));
    emit arrayEditStarted(id, text);
    return true;
}

void Document::cancelArrayEdit()
{
    if (mArrayEditCancel)
        mArrayEditCancel->store(true);
}

bool Document::transformMember(int id, const npy::ArrayTransform &transform, const QString &text,
                               const npy::TransformOptions &options)
{
    const Member *m = memberById(id);
    if (mSaving || mArrayEditing || !m || !m->loaded || !m->isArray())
        return false;
    if (transform.isView()) {
        // The same bytes seen in another shape or order: nothing to read or copy, whatever the size.
        npy::Result<npy::NpyArray> view = transform.view();
        if (view && !view.value().isNull()) {
            const bool pushed = setArray(id, std::move(view).value(), text);
            emit arrayEditFinished(id, pushed, QString());
            return pushed;
        }
    }
    return startArrayEdit(id, [transform, options](const npy::NpyArray &, const npy::Progress &progress) {
        return transform.materialize(progress, options);
    }, text);
}

} // namespace npyw
