// ArrayViews' plot choices: the field of records plotted, and the X Axis the user chooses (another member of the
// archive, a field of the records, a column of the slice) with the Plot tab's menus that offer them. The plot draws
// y at x's values (XYPlotView).
#include "arrayviews.h"

#include "arraypane.h"
#include "document.h"
#include "documentcoordinates.h"
#include "findbar.h"
#include "monotonic.h"
#include "plotseries.h"
#include "plotview.h"
#include "xyplotview.h"

#include <QActionGroup>
#include <QMenu>

namespace npyw {

namespace {

/** The most members an X Axis menu lists. */
constexpr int kMaxMembers = 60;
/** The most columns the menus of a 2-D slice list. */
constexpr qint64 kMaxColumns = 64;

/** A 1-D member's elements as a series. */
npy::Result<PlotSeries> memberSeries(const Member &m)
{
    npy::SliceSpec spec;
    spec.rowAxis = 0;
    spec.index = {0};
    return PlotSeries::line(m.array.snapshot(), spec, false, 0, npy::ComplexPart::Real, m.key);
}

/** What a column of member \a m's slice is called: "cloud[:, 1]" for a 2-D member. */
QString columnName(const Member &m, qint64 column)
{
    if (m.header().shape.size() == 2)
        return QStringLiteral("%1[:, %2]").arg(m.key).arg(column);
    return ArrayViews::tr("%1 column %2").arg(m.key).arg(column);
}

bool plottable(const npy::DType &type)
{
    return type.isNumeric() && type.kind != npy::Kind::DateTime;
}


} // namespace

npy::SliceSpec ArrayViews::plotSpec() const
{
    npy::SliceSpec spec = mSpec;
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (m && m->header().dtype.kind == npy::Kind::Struct && spec.field < 0) {
        // The field of the current column when it is a number, else the first numeric field
        // (a date field is the x axis, not a series).
        const QList<npy::LeafColumn> leaves = npy::leafColumns(m->header().dtype);
        const int current = mPlotY >= 0 ? mPlotY : mPane->currentLeaf();
        spec.field = -1;
        if (current >= 0 && current < leaves.size() && plottable(leaves[current].type))
            spec.field = current;
        for (qsizetype i = 0; spec.field < 0 && i < leaves.size(); ++i) {
            if (plottable(leaves[i].type))
                spec.field = int(i);
        }
    }
    return spec;
}

int ArrayViews::xField() const
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m || m->header().dtype.kind != npy::Kind::Struct)
        return -1;
    if (mPlotX != kAutoX)
        return mPlotX;
    const QList<npy::LeafColumn> leaves = npy::leafColumns(m->header().dtype);
    for (qsizetype i = 0; i < leaves.size(); ++i) {
        if (leaves[i].type.kind == npy::Kind::DateTime)
            return int(i);
    }
    return -1;
}

void ArrayViews::setPlotFields(int y, int x)
{
    mPlotY = y;
    mPlotX = x;
    mXMember = -1;
    if (mPlotOnly)
        refresh(true);
}

QMenu *ArrayViews::plotMenu()
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m)
        return nullptr;
    if (!mPlotOnly)
        return slicePlotMenu();
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    // The find bar searches the whole member; its matches are marked on the plot (markMatch).
    FindBar *find = mPane->findBar();
    const int field = m->header().dtype.kind == npy::Kind::Struct ? mPlotted.field : -1;
    // The keys are the main window's (Edit menu); named here only.
    menu->addAction(tr("&Find Values…\tCtrl+F"), find, &FindBar::activate);
    menu->addAction(tr("Find &Next\tF3"), this, [find]() {
        find->show();
        find->next();
    });
    menu->addAction(tr("Go to Ma&ximum"), this, [find, field]() {
        find->show();
        find->goToExtreme(true, field);
    });
    menu->addAction(tr("Go to Mi&nimum"), this, [find, field]() {
        find->show();
        find->goToExtreme(false, field);
    });
    if (m->header().dtype.kind != npy::Kind::Struct) {
        addXAxisMenu(menu);
        return menu;
    }
    menu->addSeparator();
    const QList<npy::LeafColumn> leaves = npy::leafColumns(m->header().dtype);
    QMenu *ys = menu->addMenu(tr("Plot &Field"));
    QMenu *xs = menu->addMenu(tr("&X Axis"));
    const int x = xField();
    QAction *index = xs->addAction(tr("Index"), this, [this]() { setPlotFields(mPlotted.field, -1); });
    index->setCheckable(true);
    index->setChecked(x < 0);
    for (qsizetype i = 0; i < leaves.size(); ++i) {
        const npy::DType &t = leaves[i].type;
        if (!t.isNumeric())
            continue;
        const int leaf = int(i);
        if (plottable(t)) {
            QAction *a = ys->addAction(leaves[i].name, this, [this, leaf, x]() { setPlotFields(leaf, x); });
            a->setCheckable(true);
            a->setChecked(leaf == mPlotted.field);
        }
        QAction *a = xs->addAction(leaves[i].name, this, [this, leaf]() { setPlotFields(mPlotted.field, leaf); });
        a->setCheckable(true);
        a->setChecked(leaf == x);
    }
    addXMembers(xs, m->header().shape.value(0, -1));
    if (mPlot->isXY())
        mPlot->xyPlot()->addViewActions(menu);
    return menu;
}

void ArrayViews::setUpPlotX()
{
    connect(mDocument, &Document::memberLoaded, this, [this](int id) {
        if (id == mPendingX) {
            mPendingX = -1;
            applyPlotX();
        }
    });
    connect(mDocument, &Document::memberLoadFailed, this, [this](int id, const QString &error) {
        if (id == mPendingX && id == mXMember) {
            mPendingX = -1;
            mPlot->xyPlot()->clear(tr("The x axis could not be read: %1").arg(error));
        }
    });
    connect(mDocument, &Document::valuesChanged, this, [this](int id) {
        if (id >= 0 && id == mXMember && id != mMemberId)
            applyPlotX();
    });
}

void ArrayViews::applyPlotX()
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m || !m->loaded || m->array.isNull())
        return;
    if (mXOwner != m->id) {
        // Another member: the choice was the last one's.
        mXOwner = m->id;
        mXMember = -1;
        mXColumn = -1;
    }
    const bool records = m->header().dtype.kind == npy::Kind::Struct;
    const QString yName = mPlotOnly ? (records ? mPlot->fieldName() : m->key)
                          : mLineKind == 1 ? columnName(*m, mLineIndex)
                                           : tr("%1 row %2").arg(m->key).arg(mLineIndex);
    npy::Result<PlotSeries> x = npy::Result<PlotSeries>::failure(QString());
    if (mXMember >= 0 && (mPlotOnly || mLineKind >= 0)) {
        const Member *c = mDocument->memberById(mXMember);
        if (!c || !c->isArray()) {
            mXMember = -1;
            return;
        }
        if (!c->loaded || c->array.isNull()) {
            // Read on a worker; the plot takes it once it is in (setUpPlotX()).
            mPendingX = c->id;
            mDocument->loadMember(c->id);
            return;
        }
        x = memberSeries(*c);
    } else if (mPlotOnly && records && mPlotX >= 0) {
        npy::SliceSpec spec = mPlotted;
        spec.field = mPlotX;
        x = PlotSeries::line(m->array.snapshot(), spec, false, 0, npy::ComplexPart::Real,
                             npy::leafColumns(m->header().dtype).value(mPlotX).name);
    } else if (!mPlotOnly && mLineKind == 1 && mXColumn >= 0) {
        x = PlotSeries::line(m->array.snapshot(), mSpec, false, mXColumn, npy::ComplexPart::Real, columnName(*m, mXColumn));
    }
    if (x)
        mPlot->setXSeries(x.value(), yName);
}

void ArrayViews::setPlotXMember(int id)
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m)
        return;
    mXOwner = m->id;
    mXMember = id;
    mXColumn = -1;
    if (id >= 0 && mPlotX >= 0)
        mPlotX = -1; // a member instead of a field of the records
    if (id < 0) {
        // The index again: the plot as it was, without x.
        refresh(true);
        return;
    }
    applyPlotX();
    setCurrentWidget(mPlot);
}

void ArrayViews::plotColumns(qint64 x, qint64 y)
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m || mPlotOnly || mSpec.colAxis < 0)
        return;
    mXOwner = m->id;
    mXMember = -1;
    mXColumn = x;
    plotLine(false, y); // applies the x
}

QList<int> ArrayViews::xCandidates(int self, qint64 length) const
{
    QList<int> out;
    if (!mDocument || length < 0)
        return out;
    auto fits = [&](const Member *c) {
        return c && c->id != self && c->isArray() && c->header().shape.size() == 1 && c->header().shape[0] == length
               && npy::isOrderedNumberType(c->header().dtype);
    };
    // The coordinates of the member's axis first, as their menu ranks them.
    if (mPlotOnly) {
        for (int id : mCoords->candidates(self, 0))
            if (fits(mDocument->memberById(id)) && !out.contains(id))
                out << id;
    }
    for (int row = 0; row < mDocument->memberCount() && out.size() < kMaxMembers; ++row) {
        const Member *c = &mDocument->memberAt(row);
        if (fits(c) && !out.contains(c->id))
            out << c->id;
    }
    return out;
}

void ArrayViews::addXMembers(QMenu *xs, qint64 length)
{
    const QList<int> ids = xCandidates(mMemberId, length);
    if (ids.isEmpty())
        return;
    if (mXMember >= 0) {
        // A member is the x: no field or index is.
        for (QAction *a : xs->actions())
            a->setChecked(false);
    }
    xs->addSeparator();
    for (int id : ids) {
        const Member *c = mDocument->memberById(id);
        QAction *a = xs->addAction(c->key, this, [this, id]() { setPlotXMember(id); });
        a->setCheckable(true);
        a->setChecked(id == mXMember);
    }
}

void ArrayViews::addXAxisMenu(QMenu *menu)
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m)
        return;
    const QList<int> ids = xCandidates(m->id, m->header().shape.value(0, -1));
    if (ids.isEmpty())
        return;
    menu->addSeparator();
    QMenu *xs = menu->addMenu(tr("&X Axis"));
    auto *group = new QActionGroup(xs);
    const int coordinate = mCoords->coordinate(m->id, 0);
    const int member = m->id;
    QAction *index = xs->addAction(tr("Index"), this, [this, member]() {
        mXMember = -1;
        if (mCoords->coordinate(member, 0) >= 0)
            mCoords->setCoordinate(member, 0, -1); // redraws
        else
            refresh(true);
    });
    index->setCheckable(true);
    index->setChecked(mXMember < 0 && coordinate < 0);
    group->addAction(index);
    xs->addSeparator();
    for (int id : ids) {
        const Member *c = mDocument->memberById(id);
        QAction *a = xs->addAction(c->key, this, [this, id]() { setPlotXMember(id); });
        a->setCheckable(true);
        // The coordinate labels the index axis until the user chooses an x.
        a->setChecked(mXMember >= 0 ? id == mXMember : id == coordinate);
        group->addAction(a);
    }
    if (mPlot->isXY())
        mPlot->xyPlot()->addViewActions(menu);
}

QMenu *ArrayViews::slicePlotMenu()
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m || mSpec.colAxis < 0 || mSpec.rowAxis < 0)
        return nullptr;
    const QList<qint64> &shape = m->header().shape;
    const qint64 rows = shape.value(mSpec.rowAxis), cols = shape.value(mSpec.colAxis);
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const bool column = mLineKind == 1;
    const qint64 y = column ? mLineIndex : -1;
    const qint64 x = column && mXOwner == m->id ? mXColumn : -1;
    // Another column keeps the x chosen (a column or a member).
    if (cols <= kMaxColumns) {
        QMenu *ys = menu->addMenu(tr("Plot &Column"));
        for (qint64 j = 0; j < cols; ++j) {
            QAction *a = ys->addAction(columnName(*m, j), this, [this, j]() { plotLine(false, j); });
            a->setCheckable(true);
            a->setChecked(j == y);
        }
    }
    // A row plotted runs along the columns: its x is a member as long; a column's, another column or a member.
    QMenu *xs = menu->addMenu(tr("&X Axis"));
    QAction *index = xs->addAction(tr("Index"), this, [this]() {
        mXMember = -1;
        mXColumn = -1;
        if (mLineKind >= 0)
            plotLine(mLineKind == 0, mLineIndex);
    });
    index->setCheckable(true);
    index->setChecked(mLineKind >= 0 && !mPlot->isXY());
    if (mLineKind != 0 && cols <= kMaxColumns) {
        xs->addSeparator();
        for (qint64 j = 0; j < cols; ++j) {
            // Without a column plotted yet, the other column of a pair (the next one) is y.
            const qint64 yy = column ? y : (j + 1 < cols ? j + 1 : 0);
            QAction *a = xs->addAction(columnName(*m, j), this, [this, j, yy]() { plotColumns(j, yy); });
            a->setCheckable(true);
            a->setChecked(j == x && mXMember < 0);
        }
    }
    if (mLineKind >= 0) {
        // Members: against the line plotted.
        addXMembers(xs, mLineKind == 0 ? cols : rows);
    }
    if (mPlot->isXY())
        mPlot->xyPlot()->addViewActions(menu);
    return menu;
}

} // namespace npyw
