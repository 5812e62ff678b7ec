#include "jobpool.h"

#include <QCoreApplication>
#include <QThreadPool>

namespace npyw {

Q_GLOBAL_STATIC(QThreadPool, gJobPool)

QThreadPool *jobPool()
{
    // As QCoreApplication does for the global pool: the jobs still running end before the application object
    // goes (a job outliving it would post its result into a torn-down event system).
    static QThreadPool *const pool = []() {
        qAddPostRoutine([]() { gJobPool()->waitForDone(); });
        return gJobPool();
    }();
    return pool;
}

} // namespace npyw
