#include "filewatch.h"

#include "document.h"

#include <QDateTime>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QUndoStack>

namespace {

/** Modification time and size of \a path, to tell our own writes from others' (empty: no file). */
QString fileStamp(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return QString();
    return QStringLiteral("%1/%2").arg(info.lastModified().toMSecsSinceEpoch()).arg(info.size());
}

} // namespace

FileWatch::FileWatch(QWidget *barParent, QObject *parent) : QObject(parent)
{
    mWatcher = new QFileSystemWatcher(this);
    connect(mWatcher, &QFileSystemWatcher::fileChanged, this,
            [this]() { QTimer::singleShot(300, this, &FileWatch::fileChanged); });

    mBar = new QFrame(barParent);
    mBar->setObjectName(QStringLiteral("reloadBar"));
    mBar->setStyleSheet(QStringLiteral("#reloadBar { background: #fff3cd; border-bottom: 1px solid #e0c060; }"));
    auto *layout = new QHBoxLayout(mBar);
    mText = new QLabel(mBar);
    mText->setWordWrap(true);
    auto *reloadButton = new QPushButton(tr("Reload"), mBar);
    reloadButton->setObjectName(QStringLiteral("reloadButton"));
    auto *ignoreButton = new QPushButton(tr("Ignore"), mBar);
    ignoreButton->setObjectName(QStringLiteral("ignoreButton"));
    layout->addWidget(mText, 1);
    layout->addWidget(reloadButton);
    layout->addWidget(ignoreButton);
    mBar->hide();
    connect(reloadButton, &QPushButton::clicked, this, &FileWatch::reloadRequested);
    connect(ignoreButton, &QPushButton::clicked, this, [this]() {
        mBar->hide();
        rememberStamp();
    });
}

void FileWatch::setDocument(npyw::Document *document)
{
    if (mDocument)
        mDocument->disconnect(this);
    mDocument = document;
    connect(document, &npyw::Document::filePathChanged, this, &FileWatch::watch);
}

void FileWatch::watch(const QString &path)
{
    if (!mWatcher->files().isEmpty())
        mWatcher->removePaths(mWatcher->files());
    mWatcher->addPath(path);
}

void FileWatch::rememberStamp()
{
    mStamp = mDocument ? fileStamp(mDocument->filePath()) : QString();
}

void FileWatch::fileWritten()
{
    rememberStamp();
    if (!mDocument || mDocument->filePath().isEmpty())
        return;
    // The save put a new file in place (QSaveFile renames it over the old one): watch that one. A watch
    // of the old file can outlive it while a memory map keeps the old inode, and would never fire again
    // (np.save writes the new file in place: unseen).
    const QString path = mDocument->filePath();
    mWatcher->removePath(path);
    mWatcher->addPath(path);
}

bool FileWatch::changedOnDisk() const
{
    return mDocument && !mStamp.isEmpty() && fileStamp(mDocument->filePath()) != mStamp;
}

QWidget *FileWatch::shownBar() const
{
    return mBar->isVisible() ? mBar : nullptr;
}

void FileWatch::hideBar()
{
    mBar->hide();
}

void FileWatch::reset()
{
    mBar->hide();
    mRecheckedForLostMaps = false;
}

void FileWatch::fileChanged()
{
    if (!mDocument || mDocument->filePath().isEmpty() || mDocument->isSaving())
        return;
    const QString path = mDocument->filePath();
    const QString stamp = fileStamp(path);
    if (!stamp.isEmpty() && !mWatcher->files().contains(path))
        mWatcher->addPath(path); // replaced files drop out of the watch list
    if (stamp == mStamp)
        return;
    QString text = stamp.isEmpty() ? tr("“%1” was removed or renamed on disk.").arg(QFileInfo(path).fileName())
                                   : tr("“%1” changed on disk.").arg(QFileInfo(path).fileName());
    // A memory-mapped member whose file shrank reads zeros where the file's pages vanished (core's
    // MapGuard turns the SIGBUS into zero pages): say so, since those values are no longer the data.
    bool lost = false;
    for (int i = 0; i < mDocument->memberCount() && !lost; ++i)
        lost = mDocument->memberAt(i).loaded && mDocument->memberAt(i).array.mappingLost();
    if (lost)
        text += QLatin1Char(' ') + tr("The file shrank under a memory-mapped member: values in the part that is gone "
                                      "show as zeros. Reload to see the file as it is now.");
    else if (!mRecheckedForLostMaps) {
        // The table may touch the vanished pages only at its next paint: look once more shortly.
        mRecheckedForLostMaps = true;
        QTimer::singleShot(1500, this, &FileWatch::fileChanged);
    }
    if (mDocument->isModified())
        text += QLatin1Char(' ')
                + tr("Reloading discards your unsaved edits (%n undo step(s)).", nullptr,
                     mDocument->undoStack()->index());
    mText->setText(text);
    mBar->setVisible(true);
}
