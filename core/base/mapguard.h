#pragma once

#include <QtGlobal>

namespace npy {

/**
 * Protection against SIGBUS on memory maps whose file shrinks under us (another program truncates
 * or rewrites a `.npy` while it is open).
 *
 * Every live read-only mapping is registered here. A process-wide SIGBUS handler (installed on
 * the first registration) checks whether the faulting address lies inside a registered mapping; if
 * it does, it replaces the faulting pages with zero pages, marks the mapping as lost and lets the
 * program continue (the read sees zeros). Faults anywhere else keep their default behaviour.
 * Callers poll isLost() (the GUI does so when the file changes or before saving) and then tell the
 * user and offer to reload. At most kMaxMappings mappings are guarded at a time; beyond that
 * register returns -1 and the mapping is unguarded. Linux and other POSIX systems only.
 */
class MapGuard
{
public:
    static constexpr int kMaxMappings = 1024;

    /** Registers [\a address, \a address + \a size); returns a slot for unregister() and isLost(), or -1. */
    static int add(const void *address, qint64 size);
    static void remove(int slot);
    /** True once a fault was caught in the mapping of \a slot. */
    [[nodiscard]] static bool isLost(int slot);
};

} // namespace npy
