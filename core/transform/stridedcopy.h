#pragma once

// The copy behind every transpose, reshape and astype that moves elements: a view of a buffer written
// out in C order, in bounded memory, converting on the way.

#include "castreport.h"
#include "elementcast.h"
#include "layout.h"
#include "result.h"

#include <QList>

#include <functional>
#include <vector>

namespace npy {

struct Progress;

/** Casts applied one after another (astype after astype), each with its own report. */
class CastChain
{
public:
    CastChain() = default;
    /** Appends \a cast, whose changes go to \a report (may be null). */
    void append(const ElementCast &cast, CastReport *report);
    [[nodiscard]] bool isEmpty() const { return mCasts.isEmpty(); }
    /** The itemsize the chain writes (\a inSize when it is empty). */
    [[nodiscard]] qint64 outSize(qint64 inSize) const;
    /**
     * Converts \a count elements at \a src to \a dst through every cast, \a position being the first
     * one's position (see ElementCast::convert()); \a scratch holds the steps between. False with
     * \a error set ("element 12: it holds ...") when an element cannot be converted.
     */
    [[nodiscard]] bool convert(const uchar *src, uchar *dst, qint64 count, qint64 position,
                               std::vector<uchar> *scratch, QString *error) const;

private:
    QList<ElementCast> mCasts;
    QList<CastReport *> mReports;
};

/** A view of a buffer of elements to copy out. */
struct StridedInput
{
    const uchar *base = nullptr;
    /** The itemsize of the buffer's elements. */
    qint64 itemSize = 0;
    /** The elements, written in C order of this view. */
    Layout view;
    /** True for a read-only memory map: pages read may be dropped from the process as the copy goes. */
    bool releasePages = false;
};

/** Receives consecutive pieces of the output; false stops the copy (a failed write). */
using ChunkSink = std::function<bool(const uchar *data, qint64 size)>;

/**
 * Writes the elements of \a in in C order of its view to \a sink, in pieces of at most about
 * \a bufferBytes (the memory the copy holds besides the buffer's own pages). Elements are converted
 * by \a pre as they are read (positions: their index in the buffer) and by \a post as they are
 * written (positions: their index in the output); either may be null.
 *
 * A view that reads the buffer in order is streamed straight from it (no copy when nothing is
 * converted). Any other is copied in bands along the axis that is contiguous in the buffer: each
 * band reads one short run of every line of the buffer and writes a contiguous stretch of the
 * output, so that both sides stay cache- and page-friendly; pages of a read-only map are dropped
 * once every element on them is written.
 *
 * Fails with the conversion's message, "write failed" when \a sink refuses, or "cancelled".
 */
[[nodiscard]] Status copyStrided(const StridedInput &in, const CastChain *pre, const CastChain *post,
                                 const ChunkSink &sink, const Progress &progress,
                                 qint64 bufferBytes = qint64(16) << 20);

} // namespace npy
