#include "membermaker.h"

#include "arraypane.h"
#include "arraytablemodel.h"
#include "arraytext.h"
#include "cellcrop.h"
#include "document.h"
#include "hugetableview.h"
#include "inflatebudget.h"
#include "newmemberdialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QTableView>

MemberMaker::MemberMaker(QWidget *window, std::function<npyw::Document *()> document,
                         std::function<npyw::ArrayPane *()> pane)
    : QObject(window), mWindow(window), mDocument(std::move(document)), mPane(std::move(pane))
{
    auto add = [this](const QString &key, const QString &text, const QKeySequence &keys, auto slot) {
        auto *a = new QAction(text, this);
        a->setObjectName(key);
        a->setShortcut(keys);
        connect(a, &QAction::triggered, this, slot);
        mActions.insert(key, a);
    };
    add(QStringLiteral("newMember"), tr("&New Member…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
        &MemberMaker::newMemberDialog);
    add(QStringLiteral("newMemberFromSelection"), tr("New Member from &Selection"), QKeySequence(),
        [this]() { fromSelection(); });
    add(QStringLiteral("newMemberFromClipboard"), tr("New Member from Clip&board"), QKeySequence(),
        [this]() { fromClipboard(); });
}

qint64 MemberMaker::memoryBudget()
{
    return npy::inflateBudget();
}

QString MemberMaker::busy() const
{
    npyw::Document *doc = document();
    if (!doc)
        return tr("No file is open.");
    if (doc->isSaving() || doc->isMakingMember())
        return tr("Another change of the document is running; try again when it has finished.");
    return QString();
}

void MemberMaker::updateActions()
{
    // Without a table shown, New Member from Selection says so in the status bar (the table's state changes
    // without the window asking for the actions again).
    const bool can = busy().isEmpty();
    for (QAction *a : std::as_const(mActions))
        a->setEnabled(can);
}

bool MemberMaker::refuse(QString *why, const QString &message)
{
    if (why)
        *why = message;
    emit statusMessage(message, 8000);
    return false;
}

bool MemberMaker::start(const QString &key, std::function<npy::Result<npy::NpyArray>(const std::atomic_bool &)> job,
                        const QString &text, QString *why)
{
    npyw::Document *doc = document();
    if (const QString problem = doc->keyProblem(key); !problem.isEmpty())
        return refuse(why, problem);
    connect(doc, &npyw::Document::newMemberFinished, this, [this, doc](int id, bool ok, const QString &error) {
        const npyw::Member *m = ok ? doc->memberById(id) : nullptr;
        const QString message = m ? tr("New member “%1”: %2 %3").arg(m->key, m->header().shapeText(),
                                                                    m->header().dtype.displayName())
                                  : error;
        emit statusMessage(message, ok ? 5000 : 10000);
        emit finished(ok, message, id);
    }, Qt::SingleShotConnection);
    if (!doc->startNewMember(key, std::move(job), text)) {
        disconnect(doc, &npyw::Document::newMemberFinished, this, nullptr);
        return refuse(why, tr("%1 cannot start now.").arg(text));
    }
    emit statusMessage(tr("Making “%1”…").arg(key), 0);
    return true;
}

bool MemberMaker::create(const QString &key, const npy::MakeSpec &spec, QString *why)
{
    if (const QString b = busy(); !b.isEmpty())
        return refuse(why, b);
    npy::Result<npy::ArrayMaker> maker = npy::ArrayMaker::create(spec, memoryBudget());
    if (!maker)
        return refuse(why, maker.error());
    return start(key, [maker = std::move(maker).value()](const std::atomic_bool &cancel) {
        npy::Progress progress;
        progress.cancel = &cancel;
        return maker.make(progress);
    }, tr("New Member “%1”").arg(key), why);
}

bool MemberMaker::fromSelection(const QString &name, QString *why)
{
    if (const QString b = busy(); !b.isEmpty())
        return refuse(why, b);
    npyw::Document *doc = document();
    npyw::ArrayPane *p = pane();
    const npyw::Member *m = p ? doc->memberById(p->memberId()) : nullptr;
    if (!m || !m->loaded || !m->isArray() || m->array.isNull() || !p->isShowingTable())
        return refuse(why, tr("No array is shown."));
    npyw::ArrayTableModel *model = p->model();
    QItemSelectionModel *selection = p->table()->view()->selectionModel();
    QList<npy::CellRange> ranges;
    for (const QItemSelectionRange &r : selection->selection()) {
        npy::CellRange c;
        c.row = model->absoluteRow(r.top());
        c.col = model->absoluteColumn(r.left());
        c.rows = r.height();
        c.cols = r.width();
        ranges.append(c);
    }
    const QModelIndex current = p->table()->view()->currentIndex();
    if (ranges.isEmpty() && current.isValid()) {
        npy::CellRange c;
        c.row = model->absoluteRow(current.row());
        c.col = model->absoluteColumn(current.column());
        ranges.append(c);
    }
    if (ranges.isEmpty())
        return refuse(why, tr("Select the cells of the new member first."));
    const QString key = name.isEmpty() ? doc->uniqueKey(QStringLiteral("selection")) : name;
    // An immutable copy for the worker, whatever edits follow here.
    const npy::NpyArray array = m->array.snapshot();
    if (array.isNull())
        return refuse(why, tr("Not enough memory to copy “%1”.").arg(m->key));
    const npy::SliceSpec spec = model->slice();
    return start(key, [array, spec, ranges](const std::atomic_bool &cancel) {
        npy::Progress progress;
        progress.cancel = &cancel;
        return npy::cropCells(array, spec, ranges, memoryBudget(), progress);
    }, tr("New Member “%1” from Selection").arg(key), why);
}

bool MemberMaker::fromText(const QString &text, const QString &name, QString *why)
{
    if (const QString b = busy(); !b.isEmpty())
        return refuse(why, b);
    if (text.trimmed().isEmpty())
        return refuse(why, tr("The clipboard holds no text."));
    const QString key = name.isEmpty() ? document()->uniqueKey(QStringLiteral("pasted")) : name;
    return start(key, [text](const std::atomic_bool &) -> npy::Result<npy::NpyArray> {
        npy::Result<npy::TextArray> read = npy::arrayFromText(text, memoryBudget());
        if (!read)
            return npy::Result<npy::NpyArray>::failure(tr("The clipboard cannot be read as an array: %1")
                                                           .arg(read.error()));
        return read->array;
    }, tr("New Member “%1” from Clipboard").arg(key), why);
}

bool MemberMaker::fromClipboard(QString *why)
{
    return fromText(QApplication::clipboard()->text(), QString(), why);
}

void MemberMaker::newMemberDialog()
{
    if (const QString b = busy(); !b.isEmpty()) {
        emit statusMessage(b, 5000);
        return;
    }
    NewMemberDialog dialog(document(), memoryBudget(), mWindow);
    if (dialog.exec() != QDialog::Accepted)
        return;
    create(dialog.key(), dialog.spec());
}
