#pragma once

#include "result.h"
#include "source.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QTextStream>

namespace npy {

/**
 * `info --json` for pickled members: each gets `"object": TREE` when its pickle is read as data
 * (and loses the "not loaded" error), or `"error"` with the refusal. TREE text is spliced into the
 * JSON document after QJsonDocument wrote it, so ints of any size stay exact.
 */
class PickleObjects
{
public:
    PickleObjects();
    /** Reads pickled member \a index of \a source and annotates its JSON object \a member. */
    void annotate(const Source &source, int index, QJsonObject *member);
    /** The document text with every TREE in place. */
    [[nodiscard]] QByteArray splice(QByteArray json) const;

private:
    QString mNonce;
    QList<QByteArray> mTrees;
};

/** Writes \a utf8 and a newline to \a out (straight to its device when it has one: no UTF-16 copy). */
void writeLine(QTextStream &out, const QByteArray &utf8);

/** `check` of a pickled member: reads it as data; the refusal, located, when it is not read. */
[[nodiscard]] Status checkPickled(const Source &source, int index);

/** `info` (text) of a pickled member: "pickle read as data (not executed): dict of 3 items". */
[[nodiscard]] QString pickleSummary(const Source &source, int index);

/**
 * `export --outdir`: writes plain members with exportMembers() and the arrays inside pickled
 * members with exportPickledMember(); prints each path written to \a out.
 */
[[nodiscard]] Status exportWithPickles(const Source &source, const QList<int> &indexes, const QString &dir,
                                       QTextStream &out);

} // namespace npy
