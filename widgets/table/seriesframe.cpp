#include "seriesframe.h"

#include "document.h"
#include "hugetableview.h"
#include "seriesframemodel.h"

#include <QClipboard>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <map>

namespace npyw {

SeriesFrameView::SeriesFrameView(Document *document, QWidget *parent)
    : QWidget(parent, Qt::Window), mDocument(document), mModel(new SeriesFrameModel(document, this)),
      mTable(new HugeTableView(this)), mStatus(new QLabel(this)), mUnsorted(new QPushButton(tr("Unsorted"), this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    setObjectName(QStringLiteral("seriesFrame"));
    mStatus->setObjectName(QStringLiteral("seriesFrameStatus"));
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mUnsorted->setObjectName(QStringLiteral("seriesFrameUnsorted"));
    mUnsorted->setToolTip(tr("Show the rows in the arrays' own order"));
    auto *top = new QHBoxLayout;
    top->addWidget(mStatus, 1);
    top->addWidget(mUnsorted);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(mTable, 1);
    mTable->setModel(mModel);
    mTable->view()->installEventFilter(this);
    QHeaderView *header = mTable->view()->horizontalHeader();
    header->setSectionsClickable(true);
    header->setDefaultSectionSize(150);
    connect(header, &QHeaderView::sectionClicked, this, &SeriesFrameView::headerClicked);
    connect(mUnsorted, &QPushButton::clicked, this, [this] { mModel->sortBy(-1); });
    connect(mModel, &SeriesFrameModel::sortFinished, this, [this](bool, const QString &error) { updateStatus(error); });
    connect(mModel, &SeriesFrameModel::membersChanged, this, [this] {
        if (mModel->memberIds().isEmpty()) {
            close();
            return;
        }
        updateStatus();
        updateTitle();
    });
    connect(document, &QObject::destroyed, this, &QWidget::close);
    resize(760, 560);
}

bool SeriesFrameView::setMembers(const QList<int> &ids, QString *why)
{
    if (!mModel->setMembers(ids, why))
        return false;
    updateStatus();
    updateTitle();
    return true;
}

void SeriesFrameView::headerClicked(int section)
{
    const int column = int(mModel->absoluteColumn(section));
    // Ascending, then descending, then the arrays' own order.
    if (mModel->sortColumn() != column)
        mModel->sortBy(column, Qt::AscendingOrder);
    else if (mModel->sortOrder() == Qt::AscendingOrder)
        mModel->sortBy(column, Qt::DescendingOrder);
    else
        mModel->sortBy(-1);
    updateStatus();
}

void SeriesFrameView::updateTitle()
{
    const QString file = mDocument->filePath().isEmpty() ? mDocument->streamName()
                                                         : QFileInfo(mDocument->filePath()).fileName();
    setWindowTitle(tr("%1 — side by side").arg(file));
}

void SeriesFrameView::updateStatus(const QString &error)
{
    const QLocale locale;
    const qsizetype arrays = mModel->memberIds().size();
    QString text = (arrays == 1 ? tr("1 array × %1 rows") : tr("%1 arrays × %2 rows").arg(arrays))
                       .arg(locale.toString(mModel->length()));
    const int column = mModel->sortColumn();
    const Member *m = column >= 0 ? mDocument->memberById(mModel->memberIds().value(column, -1)) : nullptr;
    if (m && mModel->isSorting())
        text += tr(" — sorting by “%1”…").arg(m->key);
    else if (m)
        text += tr(" — sorted by “%1”, %2 (a view: the file is unchanged)")
                    .arg(m->key, mModel->sortOrder() == Qt::AscendingOrder ? tr("ascending") : tr("descending"));
    if (!error.isEmpty())
        text += QStringLiteral(" — ") + error;
    mStatus->setText(text);
    mUnsorted->setEnabled(column >= 0);
}

QString SeriesFrameView::statusText() const
{
    return mStatus->text();
}

QString SeriesFrameView::selectionText() const
{
    const QModelIndexList cells = mTable->view()->selectionModel()->selectedIndexes();
    if (cells.isEmpty())
        return QString();
    std::map<int, std::map<int, QString>> rows;
    std::map<int, bool> columns;
    for (const QModelIndex &i : cells) {
        rows[i.row()][i.column()] = i.data(SeriesFrameModel::FullTextRole).toString();
        columns[i.column()] = true;
    }
    QStringList lines;
    QStringList names;
    for (const auto &c : columns)
        names << mModel->columnName(int(mModel->absoluteColumn(c.first)));
    lines << names.join(QLatin1Char('\t'));
    for (const auto &r : rows) {
        QStringList fields;
        for (const auto &c : columns) {
            const auto it = r.second.find(c.first);
            fields << (it == r.second.end() ? QString() : it->second);
        }
        lines << fields.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

bool SeriesFrameView::eventFilter(QObject *watched, QEvent *event)
{
    // The table would copy only its current cell: the whole selection goes, with the names.
    if (watched == mTable->view() && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        if (event->type() == QEvent::KeyPress)
            QGuiApplication::clipboard()->setText(selectionText());
        event->accept();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace npyw
