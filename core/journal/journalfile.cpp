#include "journalfile.h"

#include "deflate.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QStandardPaths>

#include <algorithm>

#include <fcntl.h>
#include <unistd.h>

namespace npy {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Journal", text);
}

/** `<file name>-<16 hex digits of the absolute path's SHA-1>-`: every journal of that file starts so. */
QString journalPrefix(const QString &filePath)
{
    const QFileInfo info(filePath);
    QString canonical = info.canonicalFilePath();
    if (canonical.isEmpty())
        canonical = info.absoluteFilePath();
    const QByteArray hash = QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    QString name = info.fileName();
    name.replace(QLatin1Char('-'), QLatin1Char('_'));
    return name + QLatin1Char('-') + QString::fromLatin1(hash) + QLatin1Char('-');
}

QString lockPath(const QString &journal)
{
    return journal + QStringLiteral(".lock");
}

QString sizeText(qint64 bytes)
{
    return QLocale().toString(bytes);
}

QString timeText(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

} // namespace

QString journalDirectory()
{
    // Qt 6.4 has no state location: the XDG rule, kept apart in QStandardPaths' test mode as Qt does.
    if (QStandardPaths::isTestModeEnabled())
        return QDir::homePath() + QStringLiteral("/.qttest/state/npy-inspector");
    QString state = qEnvironmentVariable("XDG_STATE_HOME");
    if (state.isEmpty() || QDir::isRelativePath(state))
        state = QDir::homePath() + QStringLiteral("/.local/state");
    return state + QStringLiteral("/npy-inspector");
}

QString newJournalPath(const QString &filePath)
{
    const QString base = journalDirectory() + QLatin1Char('/') + journalPrefix(filePath)
                         + QString::number(QDateTime::currentMSecsSinceEpoch()) + QLatin1Char('_')
                         + QString::number(qint64(::getpid()));
    QString path = base + QStringLiteral(".journal");
    for (int n = 1; QFileInfo::exists(path); ++n)
        path = base + QLatin1Char('_') + QString::number(n) + QStringLiteral(".journal");
    return path;
}

QStringList journalsFor(const QString &filePath)
{
    QDir dir(journalDirectory());
    const QString prefix = journalPrefix(filePath);
    QFileInfoList found = dir.entryInfoList({prefix + QStringLiteral("*.journal")}, QDir::Files);
    std::sort(found.begin(), found.end(), [](const QFileInfo &a, const QFileInfo &b) {
        return a.fileTime(QFileDevice::FileModificationTime) > b.fileTime(QFileDevice::FileModificationTime);
    });
    QStringList out;
    for (const QFileInfo &f : found) {
        // A live session keeps its lock; a killed one leaves a stale lock (its process is gone).
        QLockFile lock(lockPath(f.absoluteFilePath()));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue;
        lock.unlock();
        out.append(f.absoluteFilePath());
    }
    return out;
}

Result<JournalContent> readJournalFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<JournalContent>::failure(
            tr("Cannot read the journal %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return parseJournal(file.readAll(), QDir::toNativeSeparators(path));
}

bool removeJournal(const QString &path)
{
    QFile::remove(lockPath(path));
    return QFile::remove(path) || !QFileInfo::exists(path);
}

quint32 headersHash(const Source &source)
{
    quint32 crc = 0;
    auto add = [&crc](const QByteArray &bytes) {
        crc = codec::crc32(crc, bytes.constData(), bytes.size());
        crc = codec::crc32(crc, "\0", 1);
    };
    for (const MemberInfo &m : source.members()) {
        add(m.name.toUtf8());
        add(m.archiveName.toUtf8());
        add(m.isArray ? QByteArrayLiteral("array") : QByteArrayLiteral("other"));
        if (m.isArray) {
            add(m.header.dtype.descr().toUtf8());
            add(m.header.shapeText().toUtf8());
            add(m.header.fortranOrder ? QByteArrayLiteral("F") : QByteArrayLiteral("C"));
        }
        add(QByteArray::number(int(m.compression)) + ' ' + QByteArray::number(m.storedSize) + ' '
            + QByteArray::number(m.size) + ' ' + QByteArray::number(m.crc32));
    }
    return crc;
}

JournalFileState journalFileState(const QString &path, const Source &source)
{
    JournalFileState s;
    const QFileInfo info(path);
    s.path = info.absoluteFilePath();
    s.size = info.exists() ? info.size() : -1;
    s.mtimeMs = info.fileTime(QFileDevice::FileModificationTime).toMSecsSinceEpoch();
    s.headersHash = headersHash(source);
    s.memberCount = source.members().size();
    return s;
}

QStringList journalFileChanges(const JournalFileState &then, const JournalFileState &now)
{
    QStringList out;
    if (now.size < 0)
        return {tr("The file is gone.")};
    if (then.size != now.size)
        out.append(tr("Its size changed from %1 to %2 bytes.").arg(sizeText(then.size), sizeText(now.size)));
    if (then.mtimeMs != now.mtimeMs)
        out.append(tr("It was modified at %1 (the edits were made to the file of %2).")
                       .arg(timeText(now.mtimeMs), timeText(then.mtimeMs)));
    if (then.memberCount != now.memberCount)
        out.append(tr("It holds %1 members instead of %2.").arg(now.memberCount).arg(then.memberCount));
    else if (then.headersHash != now.headersHash)
        out.append(tr("Its members' names, types, shapes or contents differ."));
    return out;
}

JournalMemberHash journalMemberHash(int sourceIndex, const QString &key, const uchar *data, qint64 size)
{
    JournalMemberHash h;
    h.sourceIndex = sourceIndex;
    h.key = key;
    h.hashedBytes = qMin(size, kJournalHashedBytes);
    h.crc = data ? codec::crc32(0, data, h.hashedBytes) : 0;
    return h;
}

JournalWriter::JournalWriter(QString path) : mPath(std::move(path)) {}

JournalWriter::~JournalWriter()
{
    if (mLock)
        mLock->unlock();
}

Status JournalWriter::flush()
{
    if (mPending.isEmpty())
        return Status();
    const QByteArray bytes = std::move(mPending);
    mPending.clear();
    if (!mFile) {
        if (!QDir().mkpath(QFileInfo(mPath).absolutePath()))
            return Status::failure(tr("Cannot create the journal folder %1.")
                                       .arg(QDir::toNativeSeparators(QFileInfo(mPath).absolutePath())));
        mLock = std::make_unique<QLockFile>(lockPath(mPath));
        mLock->setStaleLockTime(0);
        if (!mLock->tryLock(0))
            return Status::failure(tr("Cannot lock the journal %1.").arg(QDir::toNativeSeparators(mPath)));
        mFile = std::make_unique<QFile>(mPath);
        if (!mFile->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            const QString why = mFile->errorString();
            mFile.reset();
            mLock.reset();
            return Status::failure(tr("Cannot write the journal %1: %2").arg(QDir::toNativeSeparators(mPath), why));
        }
    }
    const qint64 n = mFile->write(bytes);
    if (n != bytes.size() || !mFile->flush() || ::fsync(mFile->handle()) != 0) {
        const QString why = mFile->errorString();
        // Cut back to the last whole record, so what was written stays readable.
        if (!mFile->isSequential() && mFile->resize(mWritten))
            mFile->seek(mWritten);
        return Status::failure(tr("Cannot write the journal %1: %2").arg(QDir::toNativeSeparators(mPath), why));
    }
    if (mWritten == 0) {
        // A new file: its name must survive a power cut too.
        const int dir = ::open(QFile::encodeName(QFileInfo(mPath).absolutePath()).constData(), O_RDONLY | O_DIRECTORY);
        if (dir >= 0) {
            ::fsync(dir);
            ::close(dir);
        }
    }
    mWritten += n;
    return Status();
}

void JournalWriter::remove()
{
    mPending.clear();
    if (mFile) {
        mFile->close();
        mFile.reset();
    }
    QFile::remove(mPath);
    if (mLock) {
        mLock->unlock();
        mLock.reset();
    }
    mWritten = 0;
}

} // namespace npy
