// The compare view's navigation, slicing and export (the rest is in compareview.cpp).

#include "compareview.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QSpinBox>
#include <QTableView>

#include <limits>

namespace npyw {

namespace {

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

void CompareView::rebuildSliceBar()
{
    qDeleteAll(mSliceBar->findChildren<QWidget *>(Qt::FindDirectChildrenOnly));
    mSliceBoxes.clear();
    const QList<qint64> &shape = mPair->a.shape();
    for (qsizetype k = 0; k < mPair->lead.size(); ++k) {
        mSliceLayout->addWidget(new QLabel(tr("axis %1").arg(k), mSliceBar));
        auto *box = new QSpinBox(mSliceBar);
        box->setRange(0, int(std::min<qint64>(shape[k] - 1, std::numeric_limits<int>::max())));
        connect(box, &QSpinBox::valueChanged, this, [this, k](int v) {
            if (k < mPair->lead.size()) {
                mPair->lead[k] = v;
                showSlice();
            }
        });
        mSliceLayout->addWidget(box);
        mSliceBoxes.append(box);
    }
    if (!mSliceBoxes.isEmpty())
        mSliceLayout->addWidget(new QLabel(tr("(rows: axis %1, columns: axis %2)").arg(shape.size() - 2).arg(shape.size() - 1),
                                           mSliceBar),
                                1);
    mSliceBar->setVisible(!mSliceBoxes.isEmpty());
}

void CompareView::syncSliceBar()
{
    for (qsizetype k = 0; k < mSliceBoxes.size() && k < mPair->lead.size(); ++k) {
        const QSignalBlocker block(mSliceBoxes[k]);
        mSliceBoxes[k]->setValue(int(mPair->lead[k]));
    }
}

void CompareView::showSlice()
{
    mModelA->refresh();
    mModelB->refresh();
    renderHeatmap();
}

bool CompareView::stepDifference(int direction)
{
    const qint64 n = mPair->total();
    if (!mPair->comparator || n == 0)
        return false;
    qint64 from = currentElement();
    if (from < 0)
        from = direction > 0 ? -1 : n;
    for (qint64 flat = from + direction; flat >= 0 && flat < n; flat += direction) {
        if (mPair->differs(flat)) {
            setCurrentElement(flat);
            return true;
        }
    }
    return false;
}

bool CompareView::nextDifference()
{
    return stepDifference(1);
}

bool CompareView::previousDifference()
{
    return stepDifference(-1);
}

QString CompareView::differencesCsv(qint64 limit) const
{
    QString out;
    const int ndim = int(mPair->a.shape().size());
    QStringList header;
    for (int i = 0; i < ndim; ++i)
        header << QStringLiteral("index%1").arg(i);
    header << QStringLiteral("a") << QStringLiteral("b");
    out += header.join(QLatin1Char(',')) + QLatin1Char('\n');
    qint64 rows = 0;
    for (qint64 flat = 0; flat < mPair->total() && (limit < 0 || rows < limit); ++flat) {
        if (!mPair->differs(flat))
            continue;
        QStringList fields;
        for (qint64 i : mPair->index(flat))
            fields << QString::number(i);
        fields << csvField(mPair->text(true, flat)) << csvField(mPair->text(false, flat));
        out += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
        ++rows;
    }
    return out;
}

bool CompareView::exportCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(differencesCsv().toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void CompareView::copyDifferences()
{
    QApplication::clipboard()->setText(differencesCsv(100000));
}

void CompareView::exportDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export differences"), QString(), tr("CSV (*.csv)"));
    QString error;
    if (!path.isEmpty() && !exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export differences"), tr("Cannot write %1: %2").arg(path, error));
}

} // namespace npyw
