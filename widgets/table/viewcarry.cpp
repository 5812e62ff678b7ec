#include "viewcarry.h"

#include "arraypane.h"
#include "arraytablemodel.h"
#include "arrayviews.h"
#include "contactsheet.h"
#include "document.h"
#include "heatmapview.h"
#include "pictureview.h"
#include "plotview.h"

#include <QPointer>

#include <memory>

namespace npyw {

ViewCarry ViewCarry::capture(const Document &document, const ArrayPane &pane, const ArrayViews &views)
{
    ViewCarry c;
    const HeatmapView *heatmap = views.heatmap();
    c.colormap = heatmap->colormap();
    c.reversed = heatmap->isReversed();
    const Member *m = document.memberById(pane.memberId());
    if (!m || !m->isArray() || !m->loaded)
        return c;
    c.memberKey = m->key;
    c.header = m->header();
    c.slice = pane.model()->slice();
    c.format = pane.format();
    c.colouring = pane.isColouring();
    c.tab = views.currentWidget() == views.plot()      ? Tab::Plot
            : views.currentWidget() == views.picture() ? Tab::Picture
            : views.currentWidget() == views.sheet()   ? Tab::Frames
                                                       : Tab::Heatmap;
    c.range = heatmap->rangeOptions();
    c.part = heatmap->complexPart();
    c.reduction = heatmap->reduction();
    c.histogram = heatmap->isHistogramShown();
    c.aspectLocked = heatmap->isAspectLocked();
    if (heatmap->sliceRows() > 0 && heatmap->sliceCols() > 0)
        c.heatmapArea = heatmap->visibleArea();
    const PictureView *picture = views.picture();
    c.channelOrder = picture->channelOrder();
    c.alpha = picture->isAlphaShown();
    c.pictureRange = picture->rangeChoice();
    c.manualPictureRange = picture->range();
    if (views.hasPicture())
        c.pictureArea = picture->visibleArea();
    return c;
}

bool ViewCarry::fits(const npy::NpyHeader &other) const
{
    return !memberKey.isEmpty() && other.shape == header.shape && other.dtype.descr() == header.dtype.descr();
}

int ViewCarry::restore(Document *document, ArrayPane *pane, ArrayViews *views) const
{
    HeatmapView *heatmap = views->heatmap();
    if (memberKey.isEmpty()) {
        heatmap->setColormap(colormap);
        heatmap->setReversed(reversed);
        return -1;
    }
    const Member *m = nullptr;
    for (int i = 0; i < document->memberCount() && !m; ++i) {
        if (document->memberAt(i).key == memberKey)
            m = &document->memberAt(i);
    }
    if (!m || !m->isArray() || !fits(m->header())) {
        heatmap->setColormap(colormap);
        heatmap->setReversed(reversed);
        return m ? m->id : -1;
    }
    const int id = m->id;
    pane->presetMember(id, slice, format, colouring);
    views->presetRangeOptions(id, range);
    heatmap->setComplexPart(part); // the phase switches to twilight: the colormap comes after it
    heatmap->setColormap(colormap);
    heatmap->setReversed(reversed);
    heatmap->setReduction(reduction);
    heatmap->setHistogramShown(histogram);
    PictureView *picture = views->picture();
    picture->setChannelOrder(channelOrder);
    picture->setAlphaShown(alpha);
    if (pictureRange == PictureRangeChoice::Manual)
        picture->setManualRange(manualPictureRange.low, manualPictureRange.high);
    else
        picture->setRangeChoice(pictureRange);

    // Once the member is loaded, the pane shows it and the views draw it (fitted): then the zoom and the tab.
    auto connection = std::make_shared<QMetaObject::Connection>();
    const ViewCarry carried = *this;
    QPointer<ArrayPane> paneAlive(pane);
    *connection = QObject::connect(document, &Document::memberLoaded, views, [=](int loaded) {
        if (loaded != id)
            return;
        QObject::disconnect(*connection);
        if (!paneAlive || pane->memberId() != id)
            return;
        HeatmapView *h = views->heatmap();
        if (h->isAspectLocked() != carried.aspectLocked)
            h->setAspectLocked(carried.aspectLocked);
        if (!carried.heatmapArea.isNull() && h->sliceRows() > 0)
            h->setVisibleArea(carried.heatmapArea);
        if (!carried.pictureArea.isNull() && views->hasPicture())
            views->picture()->setVisibleArea(carried.pictureArea);
        // A row or column plotted from the heatmap is not carried: the Plot tab of a 2-D slice shows the heatmap.
        if (carried.tab == Tab::Picture)
            views->showPicture();
        else if (carried.tab == Tab::Frames)
            views->showSheet();
        else if (!views->isPlotOnly())
            views->showHeatmap();
    });
    return id;
}

} // namespace npyw
