#pragma once

#include "colormaps.h"
#include "heatmap.h"
#include "npyheader.h"
#include "picture.h"
#include "picturejobs.h"
#include "slicespec.h"
#include "valuetext.h"

#include <QRectF>
#include <QString>

namespace npyw {

class ArrayPane;
class ArrayViews;
class Document;

/**
 * What a window shows of its member, carried to the next file of a folder (File > Next File in Folder), so that
 * walking through a folder of outputs shows each file's member the same way.
 *
 * capture() reads it from the pane and the views of the file left. restore() shows it on the next file's pane and
 * views, new ones for a new document: the member of the same key is shown, and when it has the same shape and dtype
 * it keeps the slice (and so the frame of a stack), the table's format and colouring, the heatmap's range, scale,
 * complex part, reduction and zoom, the picture's channels, range and zoom, and the tab shown. A member of another
 * shape starts as any member does. The colormap is a preference of the window rather than of the data: it is kept
 * whatever the next file holds.
 */
struct ViewCarry
{
    /** The key of the member shown; empty when nothing was shown (restore() then keeps the colormap only). */
    QString memberKey;
    /** Its shape and dtype. */
    npy::NpyHeader header;

    npy::SliceSpec slice;
    npy::FormatOptions format;
    bool colouring = false;

    /** The tab shown (a row or column plotted from a 2-D slice is not carried: its heatmap shows instead). */
    enum class Tab { Heatmap, Plot, Picture, Frames };
    Tab tab = Tab::Heatmap;

    npy::Colormap colormap = npy::Colormap::Viridis;
    bool reversed = false;
    npy::RangeOptions range;
    npy::ComplexPart part = npy::ComplexPart::Magnitude;
    npy::Reduction reduction = npy::Reduction::MaxPool;
    bool histogram = false;
    bool aspectLocked = true;
    /** The heatmap's visible area, in element units; null when it showed nothing. */
    QRectF heatmapArea;

    npy::ChannelOrder channelOrder = npy::ChannelOrder::Rgb;
    bool alpha = true;
    PictureRangeChoice pictureRange = PictureRangeChoice::Auto;
    npy::PictureRange manualPictureRange;
    /** The picture's visible area; null when it showed nothing. */
    QRectF pictureArea;

    /** What \a pane and \a views (of \a document) show now. */
    [[nodiscard]] static ViewCarry capture(const Document &document, const ArrayPane &pane, const ArrayViews &views);

    /** True when member \a header has the shape and dtype of the member captured. */
    [[nodiscard]] bool fits(const npy::NpyHeader &header) const;

    /**
     * Shows what was captured on \a pane and \a views, which show \a document and nothing yet: gives them the
     * colormap, and returns the id of the member to show (the one of the same key, -1 when there is none). When that
     * member fits(), its settings are preset before it is shown, and the zoom and the tab follow once it is loaded
     * and drawn. The caller shows the member.
     */
    int restore(Document *document, ArrayPane *pane, ArrayViews *views) const;
};

} // namespace npyw
