#pragma once

/**
 * @file
 * The thread pool every worker job of the app runs on.
 */

class QThreadPool;

namespace npyw {

/**
 * The pool for the app's own worker jobs: every QtConcurrent::run() of widgets/ and app/ names it
 * (QtConcurrent::run(npyw::jobPool(), ...)); it has as many threads as the machine has cores.
 *
 * Not QThreadPool::globalInstance(): Qt's raster paint engine cuts a large fill into segments, runs them on the
 * global pool and waits for them on the GUI thread. A job that held every global thread (an edit copying a
 * gigabyte, a histogram scan) would hold each repaint, and so every click, until it ended. The global pool is
 * left to Qt. Never null; the QCoreApplication destructor waits for the jobs still running, as it does for the
 * global pool.
 */
QThreadPool *jobPool();

} // namespace npyw
