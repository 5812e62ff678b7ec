#include "guitestscript.h"

#include "document.h"
#include "mainwindow.h"
#include "membertransfer.h"
#include "opensource.h"
#include "valuetext.h"

#include <QApplication>
#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <QUndoStack>

using namespace npyw;

namespace {

void report(const QString &line)
{
    QFile file(qEnvironmentVariable("NPY_INSPECTOR_TEST_REPORT"));
    if (file.fileName().isEmpty() || !file.open(QIODevice::Append))
        return;
    file.write(line.toUtf8() + '\n');
}

const Member *memberNamed(Document *document, const QString &key)
{
    for (int i = 0; i < document->memberCount(); ++i) {
        if (document->memberAt(i).key == key)
            return &document->memberAt(i);
    }
    return nullptr;
}

/** Writes \a texts from element \a flat on, every \a step elements, as one step; an error or empty. */
QString writeValues(Document *document, const QString &key, qint64 flat, qint64 step, const QStringList &texts,
                    bool mergeable)
{
    const Member *m = memberNamed(document, key);
    if (!m)
        return QStringLiteral("no member ") + key;
    if (npy::Status loaded = document->loadMemberNow(m->id); !loaded)
        return loaded.error();
    QList<qint64> offsets;
    QList<QByteArray> values;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        QByteArray bytes;
        QString why;
        if (!npy::parseValue(m->array.dtype(), texts[i], &bytes, &why))
            return why;
        offsets.append(m->array.offsetOfFlat(flat + i * step));
        values.append(bytes);
    }
    if (!document->setValues(m->id, offsets, values, QStringLiteral("Script"), mergeable))
        return QStringLiteral("edit refused");
    return QString();
}

QString runLine(MainWindow *window, const QStringList &w)
{
    Document *document = window->document();
    const QString &cmd = w.value(0);
    if (cmd == QLatin1String("edit") && w.size() == 4)
        return writeValues(document, w[1], w[2].toLongLong(), 1, {w[3]}, true);
    if (cmd == QLatin1String("paste") && w.size() >= 4)
        return writeValues(document, w[1], w[2].toLongLong(), 1, w.mid(3), false);
    if (cmd == QLatin1String("fill") && w.size() == 6)
        return writeValues(document, w[1], w[2].toLongLong(), w[4].toLongLong(),
                           QStringList(w[3].toInt(), w[5]), false);
    if (cmd == QLatin1String("rename") && w.size() == 3) {
        const Member *m = memberNamed(document, w[1]);
        if (!m)
            return QStringLiteral("no member ") + w[1];
        document->renameMember(m->id, w[2]);
        return QString();
    }
    if ((cmd == QLatin1String("delete") || cmd == QLatin1String("duplicate")) && w.size() == 2) {
        const Member *m = memberNamed(document, w[1]);
        if (!m)
            return QStringLiteral("no member ") + w[1];
        if (cmd == QLatin1String("delete"))
            document->removeMember(m->id);
        else
            document->duplicateMember(m->id);
        return QString();
    }
    if (cmd == QLatin1String("undo") || cmd == QLatin1String("redo")) {
        if (cmd == QLatin1String("undo"))
            document->undoStack()->undo();
        else
            document->undoStack()->redo();
        return QString();
    }
    if (cmd == QLatin1String("copy") && (w.size() == 3 || w.size() == 5)) {
        npy::Result<std::shared_ptr<const npy::Source>> source = npy::openSource(w[1]);
        if (!source)
            return source.error();
        Document from(source.value());
        if (w.size() == 5) {
            if (QString why = writeValues(&from, w[2], w[3].toLongLong(), 1, {w[4]}, false); !why.isEmpty())
                return why;
        }
        const Member *m = memberNamed(&from, w[2]);
        if (!m)
            return QStringLiteral("no member ") + w[2];
        return copyMembersInto(document, from, {m->id}).isEmpty() ? QStringLiteral("copy refused") : QString();
    }
    if (cmd == QLatin1String("quit")) {
        QTimer::singleShot(0, qApp, &QApplication::quit);
        return QString();
    }
    return QStringLiteral("cannot read the line");
}

} // namespace

void installTestScript(MainWindow *window)
{
    QFile file(qEnvironmentVariable("NPY_INSPECTOR_TEST_SCRIPT"));
    if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly))
        return;
    QList<QStringList> lines;
    for (const QByteArray &raw : file.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList words = line.split(QLatin1Char('\t'));
        if (words.first() == QLatin1String("answer")) {
            const QString answer = words.value(1);
            MainWindow::setRecoveryPrompt([answer](MainWindow *, const WindowRegistry::RecoveryQuestion &q) {
                report(QStringLiteral("prompt: ") + q.text + QLatin1Char(' ') + q.informative);
                report(QStringLiteral("can recover: ") + (q.canRecover ? QStringLiteral("yes") : QStringLiteral("no")));
                if (answer == QLatin1String("recover") && q.canRecover)
                    return WindowRegistry::RecoveryAnswer::Recover;
                return answer == QLatin1String("discard") ? WindowRegistry::RecoveryAnswer::Discard
                                                          : WindowRegistry::RecoveryAnswer::Later;
            });
            continue;
        }
        lines.append(words);
    }
    QObject::connect(window, &MainWindow::documentOpened, window, [window, lines]() {
        QTimer::singleShot(0, window, [window, lines]() {
            if (window->document()->isRecovering()) {
                QEventLoop loop;
                QObject::connect(window->document(), &Document::recovered, &loop, &QEventLoop::quit);
                loop.exec();
            }
            for (const QStringList &words : lines) {
                if (words.first() == QLatin1String("add")) {
                    // Opens on a worker: wait for it, as the user would.
                    QEventLoop loop;
                    QObject::connect(window->document(), &Document::membersAdded, &loop, &QEventLoop::quit);
                    if (!window->document()->addMembersFromFile(words.value(1))) {
                        report(QStringLiteral("error: add refused"));
                        return;
                    }
                    loop.exec();
                } else if (words.first() == QLatin1String("save")) {
                    QEventLoop loop;
                    QObject::connect(window, &MainWindow::saved, &loop, &QEventLoop::quit);
                    if (!window->save()) {
                        report(QStringLiteral("error: save refused"));
                        return;
                    }
                    loop.exec();
                } else if (const QString why = runLine(window, words); !why.isEmpty()) {
                    report(QStringLiteral("error: ") + words.join(QLatin1Char(' ')) + QStringLiteral(": ") + why);
                    return;
                }
                report(words.join(QLatin1Char(' ')));
            }
            report(QStringLiteral("done"));
        });
    });
}
