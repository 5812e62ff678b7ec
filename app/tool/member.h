#pragma once

#include "source.h"

#include <QString>

namespace npy {

/** Which member a one-member subcommand (render, find) works on, or why none. */
struct MemberChoice
{
    int index = -1;
    /** "FILE" for a .npy, "FILE: member 'NAME'" for an archive: the start of every message. */
    QString where;
    QString error;
    /** True when the error is the user's (several arrays and no --member): a usage error. */
    bool usage = false;
    /** True when the member is an object array (pickled): refused, never unpickled. */
    bool pickled = false;
};

/**
 * Resolves \a member (a key as np.load gives it; empty: the only array of \a source) to an array
 * member that can be read: not pickled, no error.
 */
[[nodiscard]] MemberChoice chooseArrayMember(const Source &source, const QString &member);

} // namespace npy
