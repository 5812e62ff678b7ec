#include "arrayeditor.h"
#include "arrayeditor_p.h"

#include "arraypane.h"
#include "arraytablemodel.h"
#include "axisedit.h"
#include "document.h"
#include "hugetableview.h"
#include "valuetext.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>

namespace {

ArrayEditor::CastPrompt &castPrompt()
{
    static ArrayEditor::CastPrompt prompt = [](QWidget *parent, const QString &title, const QString &text) {
        QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Cancel, parent);
        QPushButton *go = box.addButton(ArrayEditor::tr("Change Type"), QMessageBox::AcceptRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        return box.clickedButton() == go;
    };
    return prompt;
}

} // namespace

void ArrayEditor::setCastPrompt(CastPrompt prompt)
{
    castPrompt() = std::move(prompt);
}

ArrayEditor::ArrayEditor(QWidget *window, std::function<npyw::Document *()> document,
                         std::function<npyw::ArrayPane *()> pane)
    : QObject(window), mWindow(window), mDocument(std::move(document)), mPane(std::move(pane)),
      mMenu(new QMenu(tr("&Array"), window))
{
    auto add = [this](const QString &key, const QString &text, auto slot) {
        auto *a = new QAction(text, this);
        a->setObjectName(key);
        connect(a, &QAction::triggered, this, slot);
        mMenu->addAction(a);
        mActions.insert(key, a);
    };
    add(QStringLiteral("arrayTranspose"), tr("&Transpose"), &ArrayEditor::transposeDialog);
    add(QStringLiteral("arrayReshape"), tr("&Reshape…"), &ArrayEditor::reshapeDialog);
    add(QStringLiteral("arrayChangeType"), tr("Change &Type…"), &ArrayEditor::changeTypeDialog);
    mMenu->addSeparator();
    add(QStringLiteral("arrayInsertRows"), tr("&Insert Rows…"), [this]() { insertDialog(true); });
    add(QStringLiteral("arrayInsertColumns"), tr("Insert &Columns…"), [this]() { insertDialog(false); });
    add(QStringLiteral("arrayDeleteRows"), tr("&Delete Rows"), [this]() { deleteSelected(true); });
    add(QStringLiteral("arrayDeleteColumns"), tr("Delete Co&lumns"), [this]() { deleteSelected(false); });
    connect(mMenu, &QMenu::aboutToShow, this, &ArrayEditor::updateActions);
}

void ArrayEditor::updateActions()
{
    QString why;
    const bool can = editableMember(&why) >= 0;
    for (QAction *a : std::as_const(mActions))
        a->setEnabled(can);
    if (can) {
        mActions.value(QStringLiteral("arrayInsertColumns"))->setEnabled(tableAxis(false) >= 0);
        mActions.value(QStringLiteral("arrayDeleteColumns"))->setEnabled(tableAxis(false) >= 0);
        mActions.value(QStringLiteral("arrayInsertRows"))->setEnabled(tableAxis(true) >= 0);
        mActions.value(QStringLiteral("arrayDeleteRows"))->setEnabled(tableAxis(true) >= 0);
    }
}

bool ArrayEditor::refuse(QString *why, const QString &message)
{
    if (why)
        *why = message;
    emit statusMessage(message, 8000);
    return false;
}

int ArrayEditor::editableMember(QString *why) const
{
    npyw::Document *doc = document();
    npyw::ArrayPane *p = pane();
    const npyw::Member *m = doc && p ? doc->memberById(p->memberId()) : nullptr;
    if (!m || !m->loaded || !m->isArray() || m->array.isNull()) {
        *why = tr("No array is shown.");
        return -1;
    }
    if (doc->isSaving() || doc->isEditingArray() || mChecking) {
        *why = tr("Another change of the document is running; try again when it has finished.");
        return -1;
    }
    if (m->header().dtype.kind == npy::Kind::Object) {
        *why = tr("“%1” holds Python objects, which are not edited here.").arg(m->key);
        return -1;
    }
    return m->id;
}

int ArrayEditor::tableAxis(bool rows) const
{
    npyw::ArrayPane *p = pane();
    if (!p)
        return -1;
    return rows ? p->model()->slice().rowAxis : p->model()->slice().colAxis;
}

QList<qint64> ArrayEditor::currentIndex() const
{
    npyw::ArrayPane *p = pane();
    const QModelIndex cur = p ? p->table()->view()->currentIndex() : QModelIndex();
    if (!cur.isValid())
        return {};
    return p->model()->elementIndex(p->model()->absoluteRow(cur.row()), p->model()->absoluteColumn(cur.column()));
}

bool ArrayEditor::startEdit(const QString &text, const std::function<bool(npyw::Document *)> &start, QString *why)
{
    // The document says once how the step ended (at once, or when its worker is done): status bar and finished().
    npyw::Document *doc = document();
    connect(doc, &npyw::Document::arrayEditFinished, this, [this](int, bool ok, const QString &error) {
        if (!ok)
            emit statusMessage(error, 8000);
        emit finished(ok, error);
    }, Qt::SingleShotConnection);
    if (!start(doc)) {
        disconnect(doc, &npyw::Document::arrayEditFinished, this, nullptr);
        return refuse(why, tr("“%1” cannot start now.").arg(text));
    }
    return true;
}

bool ArrayEditor::applyTransform(int id, const npy::ArrayTransform &transform, const QString &text, QString *why)
{
    return startEdit(text, [&](npyw::Document *doc) { return doc->transformMember(id, transform, text); }, why);
}

bool ArrayEditor::transpose(const QList<qint64> &axes, QString *why)
{
    QString reason;
    const int id = editableMember(&reason);
    if (id < 0)
        return refuse(why, reason);
    const npyw::Member *m = document()->memberById(id);
    npy::ArrayTransform t(m->array, m->key);
    if (const npy::Status st = t.transpose(axes); !st)
        return refuse(why, st.error());
    return applyTransform(id, t, tr("Transpose “%1”").arg(m->key), why);
}

bool ArrayEditor::reshape(const QString &shapeText, npy::MemoryOrder order, QString *why)
{
    QString reason;
    const int id = editableMember(&reason);
    if (id < 0)
        return refuse(why, reason);
    const npyw::Member *m = document()->memberById(id);
    QList<qint64> shape;
    if (!parseIntTuple(shapeText, &shape))
        return refuse(why, tr("“%1” is not a shape: write it as NumPy does, (3, 4) or (2, -1).").arg(shapeText));
    npy::ArrayTransform t(m->array, m->key);
    if (const npy::Status st = t.reshape(shape, order); !st)
        return refuse(why, st.error());
    return applyTransform(id, t, tr("Reshape “%1” to %2").arg(m->key, t.header().shapeText()), why);
}

bool ArrayEditor::changeType(const QString &dtypeText, npy::Casting casting, QString *why)
{
    QString reason;
    const int id = editableMember(&reason);
    if (id < 0)
        return refuse(why, reason);
    const npyw::Member *m = document()->memberById(id);
    const npy::Result<npy::DType> target = npy::parseCastTarget(dtypeText.trimmed());
    if (!target)
        return refuse(why, target.error());
    const npy::ArrayTransform identity(m->array, m->key);
    npy::ArrayTransform t = identity;
    if (const npy::Status st = t.astype(target.value(), casting); !st)
        return refuse(why, st.error());
    const npy::DType from = m->header().dtype;
    const npy::DType to = t.header().dtype;
    // The same dtype (and byte order) is no change: no undo step that does nothing.
    if (to == from)
        return refuse(why, tr("“%1” is %2 already.").arg(m->key, from.typeString()));
    const QString text = tr("Change Type of “%1” to %2").arg(m->key, to.displayName());
    // What safe and same_kind allow goes through as NumPy lets it; an unsafe cast that may change values
    // is checked first.
    if (casting != npy::Casting::Unsafe || npy::canCast(from, to, npy::Casting::Safe))
        return applyTransform(id, t, text, why);
    mChecking = true;
    emit statusMessage(tr("Checking what the change to %1 would do…").arg(to.displayName()), 0);
    auto *watcher = new QFutureWatcher<npy::Result<npy::CastReport>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [=]() {
        watcher->deleteLater();
        mChecking = false;
        castChecked(id, t, target.value(), text, watcher->future().result());
    });
    watcher->setFuture(QtConcurrent::run([identity, dt = target.value()]() { return identity.checkAstype(dt); }));
    return true;
}

void ArrayEditor::castChecked(int id, npy::ArrayTransform transform, npy::DType to, const QString &text,
                              const npy::Result<npy::CastReport> &report)
{
    npyw::Document *doc = document();
    const npyw::Member *m = doc ? doc->memberById(id) : nullptr;
    if (!m) {
        emit finished(false, tr("The member is gone."));
        return;
    }
    if (!report) {
        emit statusMessage(report.error(), 8000);
        emit finished(false, report.error());
        return;
    }
    const npy::CastReport &r = report.value();
    if (r.failedPosition >= 0) {
        QString why = tr("“%1” cannot be changed to %2: element %3 cannot be converted.")
                          .arg(m->key, to.displayName(), arrayedit::tupleText(transform.indexOfPosition(r.failedPosition)));
        if (!r.failedText.isEmpty())
            why += QLatin1Char(' ') + r.failedText;
        emit statusMessage(why, 8000);
        emit finished(false, why);
        return;
    }
    const QString warning = castWarning(m->key, m->header().dtype, transform.header().dtype, r);
    if (!warning.isEmpty() && !castPrompt()(mWindow, tr("Change Type"), warning)) {
        emit statusMessage(tr("Change Type cancelled."), 3000);
        emit finished(false, tr("Cancelled."));
        return;
    }
    emit statusMessage(QString(), 0);
    QString why;
    if (!applyTransform(id, transform, text, &why))
        emit finished(false, why);
}

QString ArrayEditor::castWarning(const QString &key, const npy::DType &from, const npy::DType &to,
                                 const npy::CastReport &report)
{
    if (report.changed() == 0)
        return QString();
    return tr("Changing “%1” from %2 to %3 changes %4 of its %5 values: %6.\n\n"
              "NumPy's astype(casting='unsafe') gives these values as they are shown after the change. "
              "Undo puts the original values back.")
        .arg(key, from.displayName(), to.displayName())
        .arg(report.changed())
        .arg(report.count)
        .arg(report.summary());
}

bool ArrayEditor::insertSlices(bool rows, qint64 at, qint64 count, const QString &fillText, QString *why)
{
    QString reason;
    const int id = editableMember(&reason);
    if (id < 0)
        return refuse(why, reason);
    const npyw::Member *m = document()->memberById(id);
    const int axis = tableAxis(rows);
    if (axis < 0)
        return refuse(why, tr("“%1” has no columns to insert along.").arg(m->key));
    QByteArray fill;
    if (!fillText.trimmed().isEmpty()) {
        QString bad;
        if (m->header().dtype.kind == npy::Kind::Struct)
            return refuse(why, tr("A record array's new elements are zeros; leave the fill empty."));
        if (!npy::parseValue(m->header().dtype, fillText.trimmed(), &fill, &bad))
            return refuse(why, bad);
    }
    const qint64 length = m->header().shape.value(axis);
    if (count < 1 || at < 0 || at > length)
        return refuse(why, tr("Insert before index 0 to %1, at least one.").arg(length));
    const QString text = rows ? tr("Insert %n Row(s) in “%1”", nullptr, int(count)).arg(m->key)
                              : tr("Insert %n Column(s) in “%1”", nullptr, int(count)).arg(m->key);
    return startEdit(text, [&](npyw::Document *doc) {
        return doc->startArrayEdit(id, [axis, at, count, fill](const npy::NpyArray &a) {
            return npy::insertAlongAxis(a, axis, at, count, fill);
        }, text);
    }, why);
}

bool ArrayEditor::deleteSlices(bool rows, qint64 from, qint64 count, QString *why)
{
    QString reason;
    const int id = editableMember(&reason);
    if (id < 0)
        return refuse(why, reason);
    const npyw::Member *m = document()->memberById(id);
    const int axis = tableAxis(rows);
    if (axis < 0)
        return refuse(why, tr("“%1” has no columns to delete.").arg(m->key));
    const qint64 length = m->header().shape.value(axis);
    if (count < 1 || from < 0 || from + count > length)
        return refuse(why, tr("Indexes %1 to %2 are outside the axis of length %3.").arg(from).arg(from + count - 1).arg(length));
    const QString text = rows ? tr("Delete %n Row(s) of “%1”", nullptr, int(count)).arg(m->key)
                              : tr("Delete %n Column(s) of “%1”", nullptr, int(count)).arg(m->key);
    return startEdit(text, [&](npyw::Document *doc) {
        return doc->startArrayEdit(id, [axis, from, count](const npy::NpyArray &a) {
            return npy::deleteAlongAxis(a, axis, from, count);
        }, text);
    }, why);
}

bool ArrayEditor::parseIntTuple(const QString &text, QList<qint64> *out)
{
    QString t = text.trimmed();
    if ((t.startsWith(QLatin1Char('(')) && t.endsWith(QLatin1Char(')')))
        || (t.startsWith(QLatin1Char('[')) && t.endsWith(QLatin1Char(']'))))
        t = t.mid(1, t.size() - 2).trimmed();
    out->clear();
    if (t.isEmpty())
        return text.trimmed().size() >= 2; // "()" is the 0-d shape; nothing typed is nothing
    QStringList parts = t.split(QLatin1Char(','));
    if (parts.size() > 1 && parts.last().trimmed().isEmpty())
        parts.removeLast(); // (5,)
    for (const QString &p : std::as_const(parts)) {
        bool ok = false;
        const qint64 v = p.trimmed().toLongLong(&ok);
        if (!ok)
            return false;
        out->append(v);
    }
    return true;
}
