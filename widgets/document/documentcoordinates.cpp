#include "documentcoordinates.h"

#include "document.h"
#include "jobpool.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace npyw {

/** What a lookup reads (copied from the document on its thread) and what it answers. */
struct CoordinateScan
{
    // in
    QList<npy::MemberInfo> infos;
    QList<int> ids;
    QList<std::shared_ptr<const npy::Source>> sources;
    QList<int> sourceIndexes;
    /** The loaded (maybe edited) arrays of the members that may be coordinates; null: read from the source. */
    QList<npy::NpyArray> arrays;
    // in and out: the verdicts known, and those the lookup made
    QHash<int, bool> verdicts;
    // out
    QHash<int, QList<QList<int>>> ranked;
};

namespace {

CoordinateScan runScan(CoordinateScan scan, const std::shared_ptr<std::atomic_bool> &cancel)
{
    npy::Progress progress;
    progress.cancel = cancel.get();
    const npy::CoordinateCheck check = [&scan, &progress](int i) {
        const int id = scan.ids[i];
        const auto known = scan.verdicts.constFind(id);
        if (known != scan.verdicts.constEnd())
            return known.value();
        bool ok = false;
        if (!scan.arrays[i].isNull()) {
            ok = npy::isCoordinateValues(scan.arrays[i]);
        } else if (scan.sources[i]) {
            const npy::Result<npy::NpyArray> read = scan.sources[i]->load(scan.sourceIndexes[i], progress);
            ok = read.ok() && npy::isCoordinateValues(read.value());
        }
        if (!progress.cancelled())
            scan.verdicts.insert(id, ok);
        return ok;
    };
    npy::CoordinateOptions options;
    options.maxCandidates = DocumentCoordinates::kMaxCandidates;
    const npy::RankedCoordinates ranked = npy::rankCoordinates(scan.infos, check, options, progress);
    for (qsizetype i = 0; i < ranked.size(); ++i) {
        bool any = false;
        for (const QList<int> &axis : ranked[i])
            any = any || !axis.isEmpty();
        if (!any)
            continue;
        QList<QList<int>> axes;
        for (const QList<int> &axis : ranked[i]) {
            QList<int> ids;
            for (int c : axis)
                ids.append(scan.ids[c]);
            axes.append(ids);
        }
        scan.ranked.insert(scan.ids[i], axes);
    }
    // Only the answer goes back.
    scan.infos.clear();
    scan.sources.clear();
    scan.arrays.clear();
    return scan;
}

} // namespace

DocumentCoordinates::DocumentCoordinates(Document *document, QObject *parent)
    : QObject(parent), mDocument(document), mTimer(new QTimer(this)), mWatcher(new QFutureWatcher<CoordinateScan>(this))
{
    mTimer->setSingleShot(true);
    mTimer->setInterval(250);
    connect(mTimer, &QTimer::timeout, this, &DocumentCoordinates::start);
    connect(mWatcher, &QFutureWatcherBase::finished, this, &DocumentCoordinates::finished);
    connect(document, &Document::opened, this, [this](bool ok) {
        if (ok) {
            mDue = true;
            start();
        }
    });
    connect(document, &Document::membersChanged, this, &DocumentCoordinates::schedule);
    connect(document, &Document::valuesChanged, this, [this](int id) {
        // The member's values are judged again; a lookup running now judges the values it copied.
        const bool judged = mVerdicts.remove(id);
        if (mRunning)
            mStale.insert(id);
        if (judged || mRunning)
            schedule();
    });
    if (document->memberCount() > 0 && !document->isOpening()) {
        mDue = true;
        start();
    }
}

DocumentCoordinates::~DocumentCoordinates()
{
    if (mCancel)
        mCancel->store(true);
    mWatcher->disconnect(this);
    mWatcher->waitForFinished();
}

bool DocumentCoordinates::isReady() const
{
    return !mRunning && !mDue;
}

QList<int> DocumentCoordinates::candidates(int memberId, int axis) const
{
    return mRanked.value(memberId).value(axis);
}

int DocumentCoordinates::coordinate(int memberId, int axis) const
{
    const auto chosen = mChoices.constFind({memberId, axis});
    if (chosen != mChoices.constEnd()) {
        // A chosen member that is gone (deleted) labels nothing.
        return chosen.value() >= 0 && mDocument && mDocument->memberById(chosen.value()) ? chosen.value() : -1;
    }
    return candidates(memberId, axis).value(0, -1);
}

bool DocumentCoordinates::isChosen(int memberId, int axis) const
{
    return mChoices.contains({memberId, axis});
}

void DocumentCoordinates::setCoordinate(int memberId, int axis, int coordinateId)
{
    if (coordinateId == kAutomatic)
        mChoices.remove({memberId, axis});
    else
        mChoices.insert({memberId, axis}, coordinateId < 0 ? -1 : coordinateId);
    emit changed();
}

void DocumentCoordinates::schedule()
{
    mDue = true;
    if (!mRunning)
        mTimer->start();
}

void DocumentCoordinates::start()
{
    mTimer->stop();
    if (!mDocument || mRunning || !mDue)
        return;
    mDue = false;
    CoordinateScan scan;
    const int n = mDocument->memberCount();
    scan.infos.reserve(n);
    scan.ids.reserve(n);
    scan.sources.reserve(n);
    scan.sourceIndexes.reserve(n);
    scan.arrays.reserve(n);
    for (int row = 0; row < n; ++row) {
        const Member &m = mDocument->memberAt(row);
        npy::MemberInfo info = m.info;
        info.name = m.key;
        const bool candidate = npy::isCoordinateShaped(info);
        scan.arrays.append(candidate && m.loaded ? m.array.snapshot() : npy::NpyArray());
        scan.infos.append(std::move(info));
        scan.ids.append(m.id);
        scan.sources.append(candidate ? m.source : nullptr);
        scan.sourceIndexes.append(m.sourceIndex);
    }
    scan.verdicts = mVerdicts;
    mCancel = std::make_shared<std::atomic_bool>(false);
    mRunning = true;
    mWatcher->setFuture(QtConcurrent::run(jobPool(), 
        [scan = std::move(scan), cancel = mCancel]() mutable { return runScan(std::move(scan), cancel); }));
}

void DocumentCoordinates::finished()
{
    mRunning = false;
    CoordinateScan scan = mWatcher->future().result();
    // A verdict on values an edit has changed since is dropped (the next lookup judges them again).
    for (auto it = scan.verdicts.cbegin(); it != scan.verdicts.cend(); ++it) {
        if (!mStale.contains(it.key()))
            mVerdicts.insert(it.key(), it.value());
    }
    mStale.clear();
    mRanked = std::move(scan.ranked);
    emit changed();
    if (mDue)
        mTimer->start();
}

} // namespace npyw
