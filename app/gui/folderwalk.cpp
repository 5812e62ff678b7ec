#include "folderwalk.h"

#include "document.h"
#include "jobpool.h"
#include "membermodel.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QtConcurrent>

#include <algorithm>
#include <utility>
#include <vector>

namespace {

/** A time stamp this close to now may be followed by files written within the same millisecond: read again. */
constexpr qint64 kRecentMs = 2000;

/**
 * Reads \a folder's NumPy files, sorted; runs on a worker. When \a known, a folder whose time stamp is still
 * \a knownStamp is not read (unchanged). \a cancel stops it early (the window went away).
 */
FolderWalk::Listing readFolder(const QString &folder, bool known, qint64 knownStamp,
                               std::shared_ptr<std::atomic_bool> cancel)
{
    FolderWalk::Listing l;
    l.folder = folder;
    const QFileInfo info(folder);
    if (!info.isDir() || !info.isReadable()) {
        l.error = QCoreApplication::translate("FolderWalk", "cannot read the folder %1")
                      .arg(QDir::toNativeSeparators(folder));
        return l;
    }
    const qint64 stamp = info.lastModified().toMSecsSinceEpoch();
    l.stamp = QDateTime::currentMSecsSinceEpoch() - stamp < kRecentMs ? -1 : stamp;
    if (known && l.stamp >= 0 && l.stamp == knownStamp) {
        l.unchanged = true;
        return l;
    }
    std::vector<std::pair<QString, QString>> keyed;
    // X.NPY counts too; hidden files and broken links are left out. (The suffix is compared here, which is cheaper
    // than QDir's name filters: a regular expression per entry.)
    QDirIterator it(folder, QDir::Files);
    while (it.hasNext()) {
        if (cancel->load(std::memory_order_relaxed))
            return l;
        it.next();
        const QString name = it.fileName();
        if (name.endsWith(QLatin1String(".npy"), Qt::CaseInsensitive)
            || name.endsWith(QLatin1String(".npz"), Qt::CaseInsensitive))
            keyed.emplace_back(npyw::MemberModel::naturalSortKey(name), name);
    }
    std::sort(keyed.begin(), keyed.end());
    l.names.reserve(qsizetype(keyed.size()));
    for (auto &k : keyed)
        l.names.append(std::move(k.second));
    return l;
}

} // namespace

FolderWalk::FolderWalk(QObject *parent) : QObject(parent), mWatcher(new QFutureWatcher<Listing>(this))
{
    connect(mWatcher, &QFutureWatcherBase::finished, this, &FolderWalk::finished);
}

FolderWalk::~FolderWalk()
{
    if (mCancel)
        mCancel->store(true);
}

bool FolderWalk::lessThan(const QString &a, const QString &b)
{
    const QString ka = npyw::MemberModel::naturalSortKey(a);
    const QString kb = npyw::MemberModel::naturalSortKey(b);
    return ka < kb || (ka == kb && a < b);
}

void FolderWalk::setFile(const QString &path)
{
    mFile = path;
    mFolder = path.isEmpty() ? QString() : QFileInfo(path).absolutePath();
    if (mFolder.isEmpty()) {
        emit listed();
        return;
    }
    if (isListed())
        emit listed(); // the same folder: the new file's place is known at once
    refresh();
}

void FolderWalk::refresh()
{
    if (mFolder.isEmpty())
        return;
    if (mBusy)
        mAgain = true;
    else
        start();
}

bool FolderWalk::isListed() const
{
    return !mFolder.isEmpty() && mListedFolder == mFolder;
}

bool FolderWalk::isListing() const
{
    return mBusy;
}

void FolderWalk::start()
{
    mAgain = false;
    mBusy = true;
    mCancel = std::make_shared<std::atomic_bool>(false);
    mWatcher->setFuture(QtConcurrent::run(npyw::jobPool(), readFolder, mFolder, isListed(), mStamp, mCancel));
}

void FolderWalk::finished()
{
    const Listing l = mWatcher->future().result();
    mBusy = false;
    const bool current = l.folder == mFolder;
    if (current && l.error.isEmpty() && !l.unchanged) {
        mListedFolder = l.folder;
        mStamp = l.stamp;
        mNames = l.names;
    }
    // Asked again meanwhile (another file, or the same one after a change): one more look, from what is known now.
    if (mAgain && !mFolder.isEmpty())
        start();
    if (!current)
        return;
    if (!l.error.isEmpty())
        emit failed(l.error);
    else
        emit listed();
}

int FolderWalk::position() const
{
    if (!isListed())
        return -1;
    const QString name = QFileInfo(mFile).fileName();
    const auto at = std::lower_bound(mNames.cbegin(), mNames.cend(), name, lessThan);
    return at != mNames.cend() && *at == name ? int(at - mNames.cbegin()) : -1;
}

QString FolderWalk::neighbour(int step) const
{
    if (!isListed() || step == 0)
        return QString();
    const QString name = QFileInfo(mFile).fileName();
    const qsizetype at = std::lower_bound(mNames.cbegin(), mNames.cend(), name, lessThan) - mNames.cbegin();
    const bool found = at < mNames.size() && mNames[at] == name;
    // A file not in the list stands between the one before its place and the one at it.
    const qint64 target = step > 0 ? qint64(at) + step - (found ? 0 : 1) : qint64(at) + step;
    if (target < 0 || target >= mNames.size())
        return QString();
    return QDir(mFolder).filePath(mNames[qsizetype(target)]);
}
