#pragma once

#include "source.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace npy {

/** Which member a one-member subcommand (render, find, print) works on, or why none. */
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

/** Opens \a path; nullptr after writing why on \a err (one line, as toolInvalid()). */
[[nodiscard]] std::shared_ptr<const Source> openInput(const QString &path, QTextStream &err);

/**
 * Opens \a path and resolves the --member \a names in it into \a indexes; without names, every
 * array member (every member unless \a arraysOnly). nullptr after writing what went wrong on
 * \a err (`FILE: no member named 'NAME'`, say).
 */
[[nodiscard]] std::shared_ptr<const Source> openMembers(const QString &path, const QStringList &names,
                                                        QList<int> *indexes, bool arraysOnly, QTextStream &err);

/** A member's error, located: "FILE: member 'NAME': reason" (or "FILE: reason" for a .npy). */
[[nodiscard]] QString memberError(const Source &source, const MemberInfo &m);

} // namespace npy
