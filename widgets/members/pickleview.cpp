#include "pickleview.h"

#include "arraypane.h"
#include "arraytablemodel.h"
#include "arrayviews.h"
#include "document.h"
#include "heatmapview.h"
#include "inspectorpanel.h"
#include "membermodel.h"
#include "npyfile.h"
#include "pickleitems.h"

#include <QAbstractItemView>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStorageInfo>
#include <QVBoxLayout>

namespace npyw {

PickleView::PickleView(QWidget *parent)
    : QWidget(parent), mHeader(new QLabel(this)), mSplitter(new QSplitter(Qt::Horizontal, this)),
      mExport(new QPushButton(tr("Export as .npy…"), this))
{
    setObjectName(QStringLiteral("pickleView"));
    setWindowTitle(tr("Pickled value"));
    mHeader->setWordWrap(true);
    mHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mSplitter->setObjectName(QStringLiteral("pickleSplitter"));
    mSplitter->setChildrenCollapsible(true);
    auto *top = new QHBoxLayout;
    top->setContentsMargins(6, 4, 6, 4);
    top->addWidget(mHeader, 1);
    top->addWidget(mExport);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(mSplitter, 1);
    layout->addStretch(0); // keeps the header at the top when the panes are hidden (a refused pickle)
    mExport->setEnabled(false);
    connect(mExport, &QPushButton::clicked, this, &PickleView::promptExport);
    resize(1000, 560);
}

PickleView::~PickleView()
{
    delete mInspector; // unless a dock owns it (then it is gone already, or goes with the dock)
}

InspectorPanel *PickleView::inspector() const
{
    return mInspector;
}

HeatmapView *PickleView::heatmap() const
{
    return mViews ? mViews->heatmap() : nullptr;
}

void PickleView::showReading(const QString &title)
{
    showItem(title, nullptr, -1);
    mHeader->setText(tr("<b>%1</b><br>Reading the pickle as data…").arg(title.toHtmlEscaped()));
}

QString PickleView::headerText() const
{
    return mHeader->text();
}

bool PickleView::canExport() const
{
    if (!mArray.isNull())
        return true;
    if (!mTree || mNode < 0)
        return false;
    const npy::PickleNode &n = mTree->node(mNode);
    return n.type == npy::PickleType::NdArray && n.dtype.kind != npy::Kind::Object;
}

void PickleView::showItem(const QString &title, std::shared_ptr<const npy::PickleTree> tree, qint32 node,
                          const QString &error)
{
    mTree = std::move(tree);
    mNode = mTree ? node : -1;
    mArray = npy::NpyArray();
    mTitle = title;
    resetPanes();
    mExport->setEnabled(canExport());
    // A refused pickle has no table nor heatmap: the reason is all there is to see (not an empty
    // table asking to "select a member in the browser").
    mSplitter->setVisible(mTree != nullptr);
    if (!mTree) {
        mHeader->setText(tr("<b>%1</b><br>Pickle refused, not shown: %2").arg(title.toHtmlEscaped(), error.toHtmlEscaped()));
        mPane->showMember(-1);
        return;
    }
    mHeader->setText(tr("<b>%1</b><br>%2 · pickle read as data (not executed) · read-only")
                         .arg(title.toHtmlEscaped(), pickleTypeText(*mTree, node).toHtmlEscaped()));
    // np.save of a dict is a 0-d object array: its table is the dict's (keys and values).
    const npy::PickleNode &n = mTree->node(node);
    const bool zeroD = n.type == npy::PickleType::NdArray && n.dtype.kind == npy::Kind::Object && n.shape.isEmpty()
                       && n.items.size() == 1;
    const npy::NpyArray array = pickleTableArray(*mTree, zeroD ? n.items.front() : node);
    if (array.isNull()) {
        mPane->showMember(-1);
        return;
    }
    const int id = mDocument->addArrayWithoutUndo(title, array);
    mPane->showMember(id);
    mInspector->setOrigin(tr("— (read from the pickle, not stored as such)"));
    mInspector->showMember(id);
}

void PickleView::showArray(const QString &title, const QString &description, const npy::NpyArray &array)
{
    mTree.reset();
    mNode = -1;
    mArray = array;
    mTitle = title;
    resetPanes();
    mExport->setEnabled(canExport());
    mSplitter->setVisible(true);
    mHeader->setText(tr("<b>%1</b><br>%2 · read-only").arg(title.toHtmlEscaped(), description.toHtmlEscaped()));
    const int id = mDocument->addArrayWithoutUndo(title, array);
    mPane->showMember(id);
    mInspector->setOrigin(tr("— (made from the archive's members, not stored as such)"));
    mInspector->showMember(id);
}

void PickleView::resetPanes()
{
    // A fresh private document per value, never saved; its table refuses edits.
    const QList<int> sizes = mSplitter->sizes();
    delete mViews;
    delete mPane;
    delete mInspector;
    delete mDocument;
    mDocument = new Document(nullptr, this);
    mInspector = new InspectorPanel(mDocument);
    mInspector->setObjectName(QStringLiteral("valueInspector"));
    mPane = new ArrayPane(mDocument, mSplitter);
    mPane->setObjectName(QStringLiteral("pickleTable"));
    mPane->model()->setReadOnly(true);
    mViews = new ArrayViews(mDocument, mPane, mSplitter);
    mSplitter->insertWidget(0, mPane);
    mSplitter->insertWidget(1, mViews);
    mSplitter->setSizes(sizes.size() == 2 && sizes.first() + sizes.last() > 0 ? sizes : QList<int>{460, 560});
    connect(mPane, &ArrayPane::statusMessage, this, &PickleView::statusMessage);
    connect(mPane, &ArrayPane::cursorChanged, this, &PickleView::cursorChanged);
    connect(mPane, &ArrayPane::selectionSummaryChanged, this, &PickleView::selectionSummaryChanged);
    connect(mViews, &ArrayViews::hovered, this, &PickleView::hovered);
    emit panesReset();
}

bool PickleView::exportArray(const QString &path, QString *error)
{
    if (!canExport()) {
        if (error)
            *error = tr("Only an ndarray of plain values can be exported.");
        return false;
    }
    if (!mArray.isNull()) {
        // A dense view of a sparse matrix may be far larger than what it holds: written only where it fits.
        const QStorageInfo disk(QFileInfo(path).absolutePath());
        if (disk.isValid() && disk.bytesAvailable() >= 0 && disk.bytesAvailable() < mArray.nbytes() + (qint64(64) << 20)) {
            if (error)
                *error = tr("%1 needs %2 bytes; %3 has %4 free.")
                             .arg(QFileInfo(path).fileName()).arg(mArray.nbytes()).arg(disk.rootPath()).arg(disk.bytesAvailable());
            return false;
        }
    }
    npy::Result<npy::NpyArray> array = !mArray.isNull() ? npy::Result<npy::NpyArray>(mArray)
                                                         : npy::pickleNodeArray(*mTree, mNode);
    npy::Status st = array ? npy::saveNpyFile(path, array.value()) : npy::Status::failure(array.error());
    if (!st && error)
        *error = st.error();
    return st.ok();
}

void PickleView::promptExport()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Array"), mTitle.section(QLatin1Char('/'), -1) + QStringLiteral(".npy"),
                                                      tr("NumPy array (*.npy)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportArray(path, &error))
        mHeader->setText(mHeader->text() + QStringLiteral("<br><span style='color:#b00'>%1</span>").arg(error.toHtmlEscaped()));
}

PickleView *showPickleItem(QWidget *window, QAbstractItemView *view, const QModelIndex &index)
{
    auto *model = view ? qobject_cast<MemberModel *>(view->model()) : nullptr;
    if (!model || !index.isValid())
        return nullptr;
    const MemberModel::PickleItem item = model->pickleItem(index);
    if (item.memberId < 0)
        return nullptr;
    if (item.pending) {
        // Read on a worker, then shown if the row is still the current one.
        Document *document = model->document();
        const Member *m = document ? document->memberById(item.memberId) : nullptr;
        if (!m)
            return nullptr;
        QPointer<QAbstractItemView> guard(view);
        readMemberPickleAsync(*m, view, [window, guard, p = QPersistentModelIndex(index)](const PickleRead &) {
            if (guard && p.isValid() && guard->currentIndex().siblingAtColumn(0) == QModelIndex(p).siblingAtColumn(0))
                showPickleItem(window, guard, p);
        });
    }
    auto *pickles = window->findChild<PickleView *>(QStringLiteral("pickleView"));
    if (!pickles) {
        pickles = new PickleView(window);
        pickles->setWindowFlag(Qt::Tool);
    }
    const QModelIndex member = [&]() {
        QModelIndex i = index.siblingAtColumn(0);
        while (i.isValid() && model->memberId(i) < 0)
            i = i.parent();
        return i;
    }();
    QStringList title{member.data().toString()};
    title += item.path;
    if (item.pending)
        pickles->showReading(title.join(QLatin1Char('/')));
    else
        pickles->showItem(title.join(QLatin1Char('/')), item.tree, item.node, item.error);
    if (pickles->isWindow())
        pickles->show();
    return pickles;
}

bool execPickleValueMenu(QAbstractItemView *view, const QPoint &pos)
{
    auto *model = qobject_cast<MemberModel *>(view->model());
    const QModelIndex index = view->indexAt(pos);
    if (!model || !index.isValid())
        return false;
    const MemberModel::PickleItem item = model->pickleItem(index);
    if (!item.tree || item.path.isEmpty() || item.tree->node(item.node).type != npy::PickleType::NdArray
        || item.tree->node(item.node).dtype.kind == npy::Kind::Object)
        return false;
    QMenu menu(view);
    QAction *exportAction = menu.addAction(PickleView::tr("Export Value as .npy…"));
    if (menu.exec(view->viewport()->mapToGlobal(pos)) != exportAction)
        return true;
    const QString path = QFileDialog::getSaveFileName(view, PickleView::tr("Export Array"),
                                                      item.path.last() + QStringLiteral(".npy"),
                                                      PickleView::tr("NumPy array (*.npy)"));
    if (path.isEmpty())
        return true;
    npy::Result<npy::NpyArray> array = npy::pickleNodeArray(*item.tree, item.node);
    const npy::Status st = array ? npy::saveNpyFile(path, array.value()) : npy::Status::failure(array.error());
    if (!st)
        QMessageBox::warning(view, PickleView::tr("Export Array"), st.error());
    return true;
}

void installPickleExport(QAbstractItemView *view)
{
    if (view->contextMenuPolicy() != Qt::DefaultContextMenu)
        return;
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(view, &QWidget::customContextMenuRequested, view,
                     [view](const QPoint &pos) { execPickleValueMenu(view, pos); });
}

} // namespace npyw
