// Document: new members (an array made in memory, or computed on a worker first) and the order of the members,
// each one undo step.
#include "document.h"
#include "jobpool.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

namespace npyw {

QString Document::keyProblem(const QString &key) const
{
    if (key.isEmpty())
        return tr("Give the member a name.");
    if (key != key.trimmed())
        return tr("The name “%1” starts or ends with a space.").arg(key);
    for (const QChar c : key) {
        if (c.category() == QChar::Other_Control)
            return tr("The name holds a control character.");
    }
    if (key.startsWith(QLatin1Char('/')))
        return tr("The name “%1” starts with /.").arg(key);
    const QStringList parts = key.split(QLatin1Char('/'));
    for (const QString &part : parts) {
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            return tr("The name “%1” has an empty, . or .. folder part.").arg(key);
    }
    // The archive's name of the member is the key and ".npy"; ZIP names have at most 65535 bytes.
    if (key.toUtf8().size() > 65535 - 4)
        return tr("The name is too long.");
    if (memberByKey(key))
        return tr("A member named “%1” exists already.").arg(key);
    return QString();
}

int Document::addArray(const QString &key, const npy::NpyArray &array, const QString &text, int row)
{
    if (mSaving || array.isNull() || !keyProblem(key).isEmpty())
        return -1;
    std::shared_ptr<Member> member = loadedMember(key, array);
    const int id = member->id;
    // No source: the save policy writes it from memory.
    pushEdit(new InsertMember(this, row < 0 ? memberCount() : row, std::move(member), text));
    return id;
}

bool Document::startNewMember(const QString &key, NewArrayJob job, const QString &text, int row)
{
    if (mSaving || mNewCancel || !job || !keyProblem(key).isEmpty())
        return false;
    mNewCancel = std::make_shared<std::atomic_bool>(false);
    const std::shared_ptr<std::atomic_bool> cancel = mNewCancel;
    auto *watcher = new QFutureWatcher<npy::Result<npy::NpyArray>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, cancel, key, text, row]() {
        watcher->deleteLater();
        mNewCancel.reset();
        const npy::Result<npy::NpyArray> outcome = watcher->future().result();
        if (cancel->load()) {
            emit newMemberFinished(-1, false, tr("Cancelled."));
            return;
        }
        if (!outcome) {
            emit newMemberFinished(-1, false, outcome.error());
            return;
        }
        // Checked again: the document may have changed while the array was computed.
        const QString why = mSaving ? tr("The document is being saved; “%1” was not done.").arg(text) : keyProblem(key);
        if (!why.isEmpty()) {
            emit newMemberFinished(-1, false, why);
            return;
        }
        const int id = addArray(key, outcome.value(), text, row);
        emit newMemberFinished(id, id >= 0, id >= 0 ? QString() : tr("“%1” cannot be done now.").arg(text));
    });
    watcher->setFuture(QtConcurrent::run(jobPool(), [job = std::move(job), cancel]() { return job(*cancel); }));
    return true;
}

void Document::cancelNewMember()
{
    if (mNewCancel)
        mNewCancel->store(true);
}

void Document::moveMember(int id, int row)
{
    const int from = rowOfId(id);
    if (from < 0)
        return;
    std::shared_ptr<Member> m = mMembers.takeAt(from);
    mMembers.insert(qBound(0, row, memberCount()), std::move(m));
    reindex();
    if (!mBatching)
        emit membersChanged();
}

bool Document::moveMembers(const QList<int> &ids, int beforeRow)
{
    if (mSaving || ids.isEmpty())
        return false;
    const QSet<int> moving(ids.cbegin(), ids.cend());
    if (moving.size() != ids.size())
        return false;
    QList<int> order;
    order.reserve(mMembers.size());
    for (const auto &m : std::as_const(mMembers))
        order.append(m->id);
    for (int id : ids) {
        if (rowOfId(id) < 0)
            return false;
    }
    // The members stay in their order and the moved ones go, in the order given, before the first member at
    // or after beforeRow that does not move.
    QList<int> others;
    for (int id : std::as_const(order)) {
        if (!moving.contains(id))
            others.append(id);
    }
    int anchor = int(others.size());
    for (int r = qMax(0, beforeRow); r < order.size(); ++r) {
        if (!moving.contains(order[r])) {
            anchor = int(others.indexOf(order[r]));
            break;
        }
    }
    QList<int> target = others;
    for (qsizetype k = 0; k < ids.size(); ++k)
        target.insert(anchor + k, ids[k]);
    if (target == order)
        return false;
    // As single moves: one for one member; for several, each to the end, then each into its place.
    struct Step
    {
        int id;
        int row;
    };
    QList<Step> steps;
    QList<int> now = order;
    auto moveTo = [&](int id, int row) {
        const qsizetype from = now.indexOf(id);
        if (from == row)
            return;
        now.removeAt(from);
        now.insert(row, id);
        steps.append({id, row});
    };
    if (ids.size() == 1) {
        moveTo(ids.first(), int(target.indexOf(ids.first())));
    } else {
        for (int id : ids)
            moveTo(id, int(now.size()) - 1);
        for (qsizetype k = 0; k < ids.size(); ++k)
            moveTo(ids[k], anchor + int(k));
    }
    Q_ASSERT(now == target);
    auto nameOf = [this](int id) {
        return QCoreApplication::translate("Undo Commands", "Move Member “%1”").arg(memberById(id)->key);
    };
    const QString text = ids.size() == 1 ? nameOf(ids.first())
                                         : QCoreApplication::translate("Undo Commands", "Move %n Members", nullptr,
                                                                       int(ids.size()));
    if (steps.size() == 1) {
        pushEdit(new MoveMember(this, steps.first().id, steps.first().row, text));
        return true;
    }
    beginEditMacro(text);
    for (const Step &s : std::as_const(steps))
        pushEdit(new MoveMember(this, s.id, s.row, nameOf(s.id)));
    endEditMacro();
    return true;
}

} // namespace npyw
