#pragma once

#include <QFutureWatcher>

namespace npyw {

/**
 * A QFutureWatcher that counts as busy from watch() until its finished() signal has been delivered.
 *
 * QFutureWatcher::isRunning() turns false on the worker thread as soon as the computation returns, while
 * finished() reaches the owner only at a later event-loop turn: in between, a scheduler asking isRunning()
 * would think nothing is pending and a caller would see an old result as the current one. isBusy() closes
 * that window. The flag is cleared by a connection made in the constructor, so it is already false when
 * the owner's own finished() handlers run (they may start the next job from there).
 */
template <typename T>
class DeliveryWatcher : public QFutureWatcher<T>
{
public:
    explicit DeliveryWatcher(QObject *parent = nullptr) : QFutureWatcher<T>(parent)
    {
        QObject::connect(this, &QFutureWatcherBase::finished, this, [this]() { mBusy = false; });
    }

    /** Watches @p future; busy until its finished() has been delivered (or another future replaces it). */
    void watch(const QFuture<T> &future)
    {
        mBusy = true;
        this->setFuture(future);
    }

    /** True from watch() until the watched future's finished() signal has been handled. */
    [[nodiscard]] bool isBusy() const { return mBusy; }

private:
    bool mBusy = false;
};

} // namespace npyw
