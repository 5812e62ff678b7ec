#include "arrayeditor.h"
#include "arrayeditor_p.h"

#include "arraypane.h"
#include "arraytablemodel.h"
#include "axisedit.h"
#include "document.h"
#include "hugetableview.h"
#include "inflatebudget.h"
#include "jobpool.h"
#include "valuetext.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPromise>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStorageInfo>
#include <QTableView>
#include <QUndoStack>
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

ArrayEditor::CastPrompt &sizePrompt()
{
    static ArrayEditor::CastPrompt prompt = [](QWidget *parent, const QString &title, const QString &text) {
        QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Cancel, parent);
        QPushButton *go = box.addButton(ArrayEditor::tr("Continue"), QMessageBox::AcceptRole);
        box.setDefaultButton(go);
        box.exec();
        return box.clickedButton() == go;
    };
    return prompt;
}

/** The bytes of \a header's array with axis \a axis \a length long (0 when too large to count: core refuses it). */
qint64 resultBytes(const npy::NpyHeader &header, int axis, qint64 length)
{
    QList<qint64> shape = header.shape;
    shape[axis] = length;
    qint64 elements = 0;
    qint64 bytes = 0;
    return npy::arraySize(shape, header.dtype.itemSize, &elements, &bytes) ? bytes : 0;
}

/** The progress range of the cast check's future. */
constexpr int kCheckScale = 1000;

} // namespace

void ArrayEditor::setCastPrompt(CastPrompt prompt)
{
    castPrompt() = std::move(prompt);
}

void ArrayEditor::setSizePrompt(CastPrompt prompt)
{
    sizePrompt() = std::move(prompt);
}

npy::TransformOptions ArrayEditor::transformOptions()
{
    npy::TransformOptions options;
    options.memoryBudget = npy::inflateBudget();
    options.tempDir = QDir::tempPath();
    // A temporary folder in memory (tmpfs) would hold a large result in memory after all: the user's cache
    // folder on disk takes it instead.
    if (QStorageInfo(options.tempDir).fileSystemType() == "tmpfs") {
        const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        if (!cache.isEmpty() && QDir().mkpath(cache) && QStorageInfo(cache).fileSystemType() != "tmpfs")
            options.tempDir = cache;
    }
    return options;
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

void ArrayEditor::cancel()
{
    if (mCheckCancel)
        mCheckCancel->store(true);
    if (npyw::Document *doc = document(); doc && doc->isEditingArray())
        doc->cancelArrayEdit();
}

void ArrayEditor::end(bool ok, const QString &message)
{
    mWorking = false;
    if (!ok && !message.isEmpty())
        emit statusMessage(message, 8000);
    emit finished(ok, message);
}

bool ArrayEditor::startEdit(const QString &text, const std::function<bool(npyw::Document *)> &start, QString *why)
{
    // The document says when a worker starts, how far it is and how the step ended (at once, or when its worker
    // is done): passed on as working(), progress() and finished(), the failure also to the status bar.
    npyw::Document *doc = document();
    auto connections = std::make_shared<QList<QMetaObject::Connection>>();
    auto drop = [connections]() {
        for (const QMetaObject::Connection &c : std::as_const(*connections))
            QObject::disconnect(c);
    };
    connections->append(connect(doc, &npyw::Document::arrayEditStarted, this, [this](int, const QString &what) {
        mWorking = true;
        emit working(what);
    }));
    connections->append(connect(doc, &npyw::Document::arrayEditProgress, this, &ArrayEditor::progress));
    connections->append(connect(doc, &npyw::Document::arrayEditFinished, this, [this, drop](int, bool ok, const QString &error) {
        drop();
        end(ok, error);
    }));
    // A document closed while its edit runs (another file opened in this window) never says how it ended.
    connections->append(connect(doc, &QObject::destroyed, this, [this, drop, text]() {
        drop();
        end(false, tr("%1 was dropped: its document was closed.").arg(text));
    }));
    if (!start(doc)) {
        drop();
        mWorking = false;
        return refuse(why, tr("%1 cannot start now.").arg(text));
    }
    return true;
}

bool ArrayEditor::announceSize(const QString &text, qint64 bytes, QString *why)
{
    const npy::TransformOptions options = transformOptions();
    if (bytes <= options.memoryBudget)
        return true;
    const QString folder = QDir::toNativeSeparators(options.tempDir);
    const QStorageInfo storage(options.tempDir);
    const qint64 available = storage.isValid() ? storage.bytesAvailable() : -1;
    const QLocale locale;
    const QString size = locale.formattedDataSize(bytes);
    if (available >= 0 && available < bytes)
        return refuse(why, tr("%1 needs a temporary file of %2, and %3 has only %4 free.")
                               .arg(text, size, folder, locale.formattedDataSize(available)));
    const QString freeText = available >= 0 ? tr(" (%1 free there)").arg(locale.formattedDataSize(available)) : QString();
    const QString message =
        tr("%1 makes an array of %2 (%3 bytes), more than the %4 an edit keeps in memory.\n\n"
           "It will be written to a temporary file in %5%6, with its progress and a Cancel button in the status bar. "
           "The file has no name in the folder; its space is given back when the document no longer needs it.")
            .arg(text, size, locale.toString(bytes), locale.formattedDataSize(options.memoryBudget), folder, freeText);
    if (!sizePrompt()(mWindow, tr("Large Result"), message))
        return refuse(why, tr("%1 was cancelled; nothing was changed.").arg(text));
    return true;
}

bool ArrayEditor::applyTransform(int id, const npy::ArrayTransform &transform, const QString &text, QString *why,
                                 bool announced)
{
    if (!announced && !transform.isView() && !announceSize(text, transform.header().dataBytes, why))
        return false;
    const npy::TransformOptions options = transformOptions();
    return startEdit(text, [&](npyw::Document *doc) { return doc->transformMember(id, transform, text, options); }, why);
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
    // The axes in their own order (any transpose of a 1-D array) change nothing: no undo step that does nothing.
    bool same = !axes.isEmpty() || m->header().shape.size() < 2;
    for (qsizetype i = 0; same && i < axes.size(); ++i)
        same = axes[i] == i || axes[i] == i - axes.size();
    if (same)
        return refuse(why, tr("Transposing “%1” by these axes changes nothing.").arg(m->key));
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
    // The same shape is the same array, whatever the order: no undo step that does nothing.
    if (t.header().shape == m->header().shape)
        return refuse(why, tr("“%1” has the shape %2 already.").arg(m->key, t.header().shapeText()));
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
    if (!t.isView() && !announceSize(text, t.header().dataBytes, why))
        return false;
    // The check reads the array as it is now; the cast is applied only if nothing changed meanwhile (an edit, an
    // undo, another file opened in this window), else it would put back old values or hit another document.
    const QPointer<npyw::Document> checkedDoc = document();
    const int undoIndex = checkedDoc->undoStack()->index();
    const int undoCount = checkedDoc->undoStack()->count();
    const std::function<bool()> unchanged = [this, checkedDoc, undoIndex, undoCount]() {
        return checkedDoc && checkedDoc == document() && checkedDoc->undoStack()->index() == undoIndex
               && checkedDoc->undoStack()->count() == undoCount;
    };
    mChecking = true;
    mWorking = true;
    mCheckCancel = std::make_shared<std::atomic_bool>(false);
    emit working(tr("Checking what the change to %1 would do").arg(to.displayName()));
    auto *watcher = new QFutureWatcher<npy::Result<npy::CastReport>>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
            [this](int value) { emit progress(value, kCheckScale); });
    connect(watcher, &QFutureWatcherBase::finished, this, [=]() {
        watcher->deleteLater();
        mChecking = false;
        const bool cancelled = mCheckCancel && mCheckCancel->load();
        mCheckCancel.reset();
        if (cancelled) {
            end(false, tr("Change Type cancelled; nothing was changed."));
            return;
        }
        castChecked(id, t, target.value(), text, watcher->future().result(), unchanged);
    });
    watcher->setFuture(QtConcurrent::run(npyw::jobPool(), [identity, dt = target.value(), cancel = mCheckCancel](
                                             QPromise<npy::Result<npy::CastReport>> &promise) {
        promise.setProgressRange(0, kCheckScale);
        npy::Progress progress;
        progress.cancel = cancel.get();
        progress.report = [&promise](qint64 done, qint64 total) {
            promise.setProgressValue(total > 0 ? int(qBound<qint64>(0, done * kCheckScale / total, qint64(kCheckScale))) : 0);
        };
        promise.addResult(identity.checkAstype(dt, progress, transformOptions()));
    }));
    return true;
}

void ArrayEditor::castChecked(int id, npy::ArrayTransform transform, npy::DType to, const QString &text,
                              const npy::Result<npy::CastReport> &report, const std::function<bool()> &unchanged)
{
    npyw::Document *doc = document();
    const npyw::Member *m = doc ? doc->memberById(id) : nullptr;
    if (!m || !unchanged()) {
        end(false, tr("%1 was not applied: the document changed while it was checked.").arg(text));
        return;
    }
    if (!report) {
        end(false, report.error());
        return;
    }
    const npy::CastReport &r = report.value();
    if (r.failedPosition >= 0) {
        QString why = tr("“%1” cannot be changed to %2: element %3 cannot be converted.")
                          .arg(m->key, to.displayName(), arrayedit::tupleText(transform.indexOfPosition(r.failedPosition)));
        if (!r.failedText.isEmpty())
            why += QLatin1Char(' ') + r.failedText;
        end(false, why);
        return;
    }
    const QString warning = castWarning(m->key, m->header().dtype, transform.header().dtype, r);
    if (!warning.isEmpty() && !castPrompt()(mWindow, tr("Change Type"), warning)) {
        end(false, tr("Change Type cancelled; nothing was changed."));
        return;
    }
    if (!unchanged()) { // the prompt ran an event loop
        end(false, tr("%1 was not applied: the document changed while it was checked.").arg(text));
        return;
    }
    emit statusMessage(QString(), 0);
    QString why;
    if (!applyTransform(id, transform, text, &why, true))
        end(false, why);
}

QString ArrayEditor::castWarning(const QString &key, const npy::DType &from, const npy::DType &to,
                                 const npy::CastReport &report)
{
    if (report.changed() == 0)
        return QString();
    return tr("Changing “%1” from %2 to %3 changes %L4 of its %L5 values: %6.\n\n"
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
    const QString text = rows ? (count == 1 ? tr("Insert 1 Row in “%1”").arg(m->key)
                                            : tr("Insert %1 Rows in “%2”").arg(count).arg(m->key))
                              : (count == 1 ? tr("Insert 1 Column in “%1”").arg(m->key)
                                            : tr("Insert %1 Columns in “%2”").arg(count).arg(m->key));
    if (!announceSize(text, resultBytes(m->header(), axis, length + count), why))
        return false;
    const npy::TransformOptions options = transformOptions();
    return startEdit(text, [&](npyw::Document *doc) {
        return doc->startArrayEdit(id, [axis, at, count, fill, options](const npy::NpyArray &a, const npy::Progress &progress) {
            return npy::insertAlongAxis(a, axis, at, count, fill, progress, options);
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
    const QString text = rows ? (count == 1 ? tr("Delete 1 Row of “%1”").arg(m->key)
                                            : tr("Delete %1 Rows of “%2”").arg(count).arg(m->key))
                              : (count == 1 ? tr("Delete 1 Column of “%1”").arg(m->key)
                                            : tr("Delete %1 Columns of “%2”").arg(count).arg(m->key));
    if (!announceSize(text, resultBytes(m->header(), axis, length - count), why))
        return false;
    const npy::TransformOptions options = transformOptions();
    return startEdit(text, [&](npyw::Document *doc) {
        return doc->startArrayEdit(id, [axis, from, count, options](const npy::NpyArray &a, const npy::Progress &progress) {
            return npy::deleteAlongAxis(a, axis, from, count, progress, options);
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
