// HeatmapProfile's words and output: the panel's title and hover texts, the NumPy code, the CSV export.
#include "heatmapprofile.h"

#include "profilejobs.h"
#include "profileplot.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QStatusBar>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace npyw {

namespace {

QString valueText(double v)
{
    return std::isnan(v) ? QStringLiteral("nan") : QString::number(v, 'g', 7);
}

} // namespace

QString HeatmapProfile::idleMessage() const
{
    switch (mTool) {
    case ProfileTool::Row:
        return tr("Click or drag on the picture: the profile of the row under the mouse (Esc removes it).");
    case ProfileTool::Column:
        return tr("Click or drag on the picture: the profile of the column under the mouse (Esc removes it).");
    case ProfileTool::Line:
        return tr("Drag a line across the picture (Shift: in steps of 45°); drag its ends or the line to move it "
                  "(Esc removes it).");
    case ProfileTool::None: break;
    }
    return QString();
}

QString HeatmapProfile::title() const
{
    if (!mHaveLine) {
        switch (mTool) {
        case ProfileTool::Row: return tr("Row profile");
        case ProfileTool::Column: return tr("Column profile");
        case ProfileTool::Line: return tr("Line profile");
        case ProfileTool::None: break;
        }
        return QString();
    }
    const npy::ProfileGeometry &g = mGeometry;
    QString text;
    if (g.kind == npy::ProfileKind::Line) {
        text = tr("Line (%1, %2) → (%3, %4), %5 elements long")
                   .arg(g.row0)
                   .arg(g.col0)
                   .arg(g.row1)
                   .arg(g.col1)
                   .arg(std::hypot(g.row1 - g.row0, g.col1 - g.col0), 0, 'g', 4);
        if (g.width > 1)
            text += tr(", width %1 (the mean across)").arg(g.width);
    } else {
        const bool isRow = g.kind == npy::ProfileKind::Row;
        const qint64 at = qint64(isRow ? g.row0 : g.col0);
        const AxisLabels &labels = isRow ? mRowLabels : mColLabels;
        text = (isRow ? tr("Row %1") : tr("Column %1")).arg(at);
        if (labels.isCoordinate())
            text += QStringLiteral(" (%1 %2)").arg(labels.name(), labels.text(at));
        if (g.width > 1) {
            const qint64 across = isRow ? mAccess.rows() : mAccess.cols();
            const qint64 first = std::max<qint64>(0, at - (g.width - 1) / 2);
            const qint64 last = std::min(across - 1, at - (g.width - 1) / 2 + g.width - 1);
            text += (isRow ? tr(", width %1: the mean of rows %2–%3") : tr(", width %1: the mean of columns %2–%3"))
                        .arg(g.width)
                        .arg(first)
                        .arg(last);
        }
    }
    if (mJobs->isBusy())
        text += tr(" (computing…)");
    else if (!mError.isEmpty())
        text += QStringLiteral(": ") + mError;
    return text;
}

QString HeatmapProfile::pointText(qint64 i) const
{
    const std::shared_ptr<const npy::Profile> &p = mPlot->profile();
    if (!p || i < 0 || i >= p->size())
        return QString();
    const size_t k = size_t(i);
    const npy::ProfileGeometry &g = p->geometry;
    const bool band = g.kind != npy::ProfileKind::Line && p->lastAcross > p->firstAcross;
    const QString across = QStringLiteral("%1:%2").arg(p->firstAcross).arg(p->lastAcross + 1);
    QStringList index;
    for (int axis = 0; axis < mHeader.shape.size(); ++axis) {
        if (axis == mSpec.rowAxis)
            index << (band && g.kind == npy::ProfileKind::Row ? across : QString::number(p->rows[k]));
        else if (axis == mSpec.colAxis)
            index << (band && g.kind == npy::ProfileKind::Column ? across : QString::number(p->cols[k]));
        else
            index << QString::number(mSpec.index.value(axis));
    }
    QString text = QStringLiteral("[%1]").arg(index.join(QStringLiteral(", ")));
    QStringList coords;
    if (g.kind != npy::ProfileKind::Column && mColLabels.isCoordinate())
        coords << QStringLiteral("%1 %2").arg(mColLabels.name(), mColLabels.text(p->cols[k]));
    if (g.kind != npy::ProfileKind::Row && mRowLabels.isCoordinate())
        coords << QStringLiteral("%1 %2").arg(mRowLabels.name(), mRowLabels.text(p->rows[k]));
    if (!coords.isEmpty())
        text += QStringLiteral(" (%1)").arg(coords.join(QStringLiteral(", ")));
    text += (g.width > 1 ? tr(" mean = %1") : QStringLiteral(" = %1")).arg(valueText(p->values[k]));
    if (g.kind == npy::ProfileKind::Line)
        text += tr(", %1 along").arg(p->positions[k], 0, 'g', 5);
    return text;
}

// ---------------------------------------------------------------------------------------------- the output

void HeatmapProfile::updateTitle()
{
    mPlot->setCaption(title());
}

void HeatmapProfile::showMessage(const QString &message, bool ok) const
{
    if (auto *main = qobject_cast<QMainWindow *>(mView->window()))
        main->statusBar()->showMessage(message, ok ? 8000 : 0);
    mPlot->setCaption(message);
}

QString HeatmapProfile::numpyCode(QString *why) const
{
    if (!mProfile) {
        *why = mHaveLine ? tr("The profile is still being computed.") : tr("Draw a profile on the heatmap first.");
        return QString();
    }
    const npy::Result<QString> code =
        npy::profileNumpyCode(mHeader, mSpec, mAccess.complexPart(), *mProfile, QStringLiteral("a"));
    if (!code) {
        *why = code.error();
        return QString();
    }
    return code.value();
}

void HeatmapProfile::copyNumpyCode()
{
    QString why;
    const QString code = numpyCode(&why);
    if (code.isEmpty()) {
        showMessage(why, false);
        return;
    }
    QApplication::clipboard()->setText(code);
    showMessage(tr("Copied the profile as NumPy code (the array is a)."), true);
}

QString HeatmapProfile::exportCsvTo(const QString &path, QString *error)
{
    QString target = path;
    if (QFileInfo(target).suffix().isEmpty())
        target += QStringLiteral(".csv");
    QString why;
    if (!mProfile)
        why = mHaveLine ? tr("the profile is still being computed") : tr("there is no profile");
    if (why.isEmpty()) {
        const npy::Status st = npy::writeProfileCsv(target, *mProfile);
        if (!st)
            why = st.error();
    }
    const bool ok = why.isEmpty();
    const QString where = QDir::toNativeSeparators(target);
    showMessage(ok ? tr("Saved the profile (%1 points) to %2.").arg(mProfile->size()).arg(where)
                   : tr("Could not save %1: %2").arg(where, why),
                ok);
    if (!ok) {
        if (error)
            *error = why;
        return QString();
    }
    return target;
}

void HeatmapProfile::exportCsv()
{
    const QString name = mExportStem ? mExportStem() : QString();
    const QString stem = name.isEmpty() ? QStringLiteral("heatmap") : name;
    const QString path = QFileDialog::getSaveFileName(mPanel, tr("Export Profile as CSV"),
                                                      stem + QStringLiteral("_profile.csv"),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsvTo(path);
}

} // namespace npyw
