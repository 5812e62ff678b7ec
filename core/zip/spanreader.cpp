#include "spanreader.h"

#include "deflate.h"
#include "inflater.h"

#include <QCoreApplication>
#include <QFile>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace npy::zip {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::SpanReader", text);
}

} // namespace

struct SpanReader::Worker
{
    QFile file;
    codec::Inflater inflater;
    QByteArray input;
};

SpanReader::SpanReader(QString path, qint64 dataOffset, ChunkIndex index, qint64 uncompressedSize)
    : mPath(std::move(path)), mDataOffset(dataOffset), mIndex(std::move(index)), mSize(uncompressedSize)
{
    qint64 offset = 0;
    mCompressedOffsets.reserve(mIndex.count());
    for (quint32 c : std::as_const(mIndex.compressedSizes)) {
        mCompressedOffsets.append(offset);
        offset += c;
    }
}

qint64 SpanReader::spanLength(qint64 i) const
{
    return std::min(mIndex.spanSize, mSize - i * mIndex.spanSize);
}

quint32 SpanReader::combinedCrc() const
{
    quint32 crc = 0;
    for (qint64 i = 0; i < spanCount(); ++i)
        crc = i == 0 ? mIndex.crcs[0] : codec::crc32Combine(crc, mIndex.crcs[i], spanLength(i));
    return crc;
}

Status SpanReader::inflateSpan(Worker &w, qint64 i, uchar *out) const
{
    if (!w.file.isOpen()) {
        w.file.setFileName(mPath);
        if (!w.file.open(QIODevice::ReadOnly))
            return Status::failure(w.file.errorString());
    }
    const qint64 csize = mIndex.compressedSizes[i];
    const qint64 at = mDataOffset + mCompressedOffsets[i];
    if (w.input.size() < csize)
        w.input.resize(qsizetype(csize));
    if (!w.file.seek(at) || w.file.read(w.input.data(), csize) != csize)
        return Status::failure(tr("read failed at byte %1").arg(at));
    const qint64 length = spanLength(i);
    w.inflater.reset();
    const auto *in = reinterpret_cast<const uchar *>(w.input.constData());
    qint64 fed = 0;
    qint64 done = 0;
    // The inflater takes less than 2^31 bytes of input and output per call.
    constexpr qint64 kStep = qint64(1) << 30;
    while (true) {
        if (w.inflater.inputLeft() == 0 && fed < csize) {
            const qint64 n = std::min(kStep, csize - fed);
            w.inflater.setInput(in + fed, n);
            fed += n;
        }
        qint64 produced = 0;
        uchar spare;
        uchar *dst = done < length ? out + done : &spare;
        const qint64 room = done < length ? std::min(kStep, length - done) : 1;
        Status st = w.inflater.inflate(dst, room, &produced);
        if (!st)
            return Status::failure(tr("span %1 at byte %2: %3").arg(i).arg(at).arg(st.error()));
        if (done >= length && produced > 0)
            return Status::failure(tr("span %1 at byte %2 holds more than its %3 bytes").arg(i).arg(at).arg(length));
        done += produced;
        if (w.inflater.finished() || (produced == 0 && w.inflater.inputLeft() == 0 && fed == csize))
            break;
    }
    if (done != length)
        return Status::failure(
            tr("span %1 at byte %2 gives %3 bytes instead of %4").arg(i).arg(at).arg(done).arg(length));
    const bool last = i == spanCount() - 1;
    if (w.inflater.finished() != last)
        return Status::failure(last ? tr("the compressed stream does not end where the chunk index says")
                                    : tr("span %1 at byte %2 ends the compressed stream early").arg(i).arg(at));
    const quint32 crc = w.inflater.crc();
    if (crc != mIndex.crcs[i])
        return Status::failure(tr("CRC-32 mismatch in span %1 (uncompressed bytes %2 to %3): the data gives %4, "
                                  "the chunk index says %5")
                                   .arg(i)
                                   .arg(i * mIndex.spanSize)
                                   .arg(i * mIndex.spanSize + length)
                                   .arg(crc, 8, 16, QLatin1Char('0'))
                                   .arg(mIndex.crcs[i], 8, 16, QLatin1Char('0')));
    return Status();
}

Status SpanReader::stream(qint64 first, qint64 last, int threads, const SpanSink &sink,
                          const std::atomic_bool *cancel) const
{
    if (first < 0 || last >= spanCount() || first > last)
        return Status();
    threads = int(std::clamp<qint64>(threads, 1, last - first + 1));
    if (threads == 1) {
        Worker w;
        QByteArray buffer(qsizetype(mIndex.spanSize), Qt::Uninitialized);
        for (qint64 i = first; i <= last; ++i) {
            if (cancel && cancel->load())
                return Status::failure(tr("cancelled"));
            auto *out = reinterpret_cast<uchar *>(buffer.data());
            Status st = inflateSpan(w, i, out);
            if (!st)
                return st;
            if (!sink(i, out, spanLength(i)))
                return Status();
        }
        return Status();
    }
    // Workers take spans in order, at most `window` ahead of the consumer; ring are reused.
    struct Slot
    {
        QByteArray buffer;
        Status status;
        bool done = false;
    };
    const qint64 window = 2 * qint64(threads);
    std::vector<Slot> ring(static_cast<size_t>(window));
    std::mutex mutex;
    std::condition_variable changed;
    qint64 next = first;     // next span to hand out
    qint64 consumed = first; // spans below this were given to the sink
    bool abort = false;
    auto work = [&] {
        Worker w;
        while (true) {
            qint64 i;
            {
                std::unique_lock<std::mutex> lock(mutex);
                changed.wait(lock, [&] { return abort || next > last || next < consumed + window; });
                if (abort || next > last)
                    return;
                i = next++;
            }
            Slot &slot = ring[size_t(i % window)];
            if (slot.buffer.size() < spanLength(i))
                slot.buffer.resize(qsizetype(mIndex.spanSize));
            Status st = inflateSpan(w, i, reinterpret_cast<uchar *>(slot.buffer.data()));
            {
                std::lock_guard<std::mutex> lock(mutex);
                slot.status = st;
                slot.done = true;
            }
            changed.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back(work);
    Status result;
    for (qint64 i = first; i <= last; ++i) {
        Slot &slot = ring[size_t(i % window)];
        {
            std::unique_lock<std::mutex> lock(mutex);
            changed.wait(lock, [&] { return slot.done; });
        }
        if (!slot.status) {
            result = slot.status;
            break;
        }
        if (cancel && cancel->load()) {
            result = Status::failure(tr("cancelled"));
            break;
        }
        const bool more = sink(i, reinterpret_cast<const uchar *>(slot.buffer.constData()), spanLength(i));
        {
            std::lock_guard<std::mutex> lock(mutex);
            slot.done = false;
            slot.status = Status();
            consumed = i + 1;
        }
        changed.notify_all();
        if (!more)
            break;
    }
    {
        std::lock_guard<std::mutex> lock(mutex);
        abort = true;
    }
    changed.notify_all();
    for (std::thread &t : pool)
        t.join();
    return result;
}

Status SpanReader::inflateAll(uchar *out, int threads, const std::function<bool(qint64 done)> &progress) const
{
    threads = int(std::clamp<qint64>(threads, 1, spanCount()));
    std::atomic<qint64> next{0};
    std::atomic<qint64> doneBytes{0};
    std::atomic_bool stop{false};
    std::mutex mutex;
    Status failure;
    auto work = [&] {
        Worker w;
        for (qint64 i = next++; i < spanCount() && !stop.load(); i = next++) {
            Status st = inflateSpan(w, i, out + i * mIndex.spanSize);
            if (!st) {
                std::lock_guard<std::mutex> lock(mutex);
                if (failure.ok())
                    failure = st;
                stop = true;
                return;
            }
            doneBytes += spanLength(i);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    if (progress) {
        // The calling thread reports progress while the others work; one more worker otherwise.
        pool.emplace_back(work);
        while (true) {
            {
                std::unique_lock<std::mutex> lock(mutex);
                if (!failure.ok() || next.load() >= spanCount())
                    break;
            }
            if (!progress(doneBytes.load())) {
                stop = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    } else {
        work();
    }
    for (std::thread &t : pool)
        t.join();
    if (!failure.ok())
        return failure;
    if (stop.load())
        return Status::failure(tr("cancelled"));
    if (progress)
        progress(mSize);
    return Status();
}

} // namespace npy::zip
