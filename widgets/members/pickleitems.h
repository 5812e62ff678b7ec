#pragma once

#include "pickle.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QMimeData;
class QObject;

namespace npyw {

struct Member;

/** A pickled member read as data: the tree, or why it was refused. */
struct PickleRead
{
    std::shared_ptr<const npy::PickleTree> tree;
    QString error;
};

/**
 * The cached read of pickled member \a m (as data, never executed), when it was read already: no
 * I/O. The last few reads are cached by source and index, so the browser, the inspector and the
 * value view share one read. Empty (no tree, no error) for members that are not pickled.
 */
[[nodiscard]] std::optional<PickleRead> cachedMemberPickle(const Member &m);
/**
 * Reads pickled member \a m on a worker, fills the cache, then calls \a done on \a context's
 * thread from its event loop, also when the read was cached (never at all when \a context is gone
 * by then). Call from the UI thread only.
 */
void readMemberPickleAsync(const Member &m, QObject *context, std::function<void(const PickleRead &)> done);

/** One child of a pickle value in the browser: its step name ("key", "[3]") and its node. */
struct PickleChild
{
    QString name;
    qint32 node = -1;
};

/**
 * The children the browser shows under value \a id: dict values by key, sequence and object array
 * elements by index. A 0-d object array shows its element's children (it adds no step), or the
 * element itself when that is not a container.
 */
[[nodiscard]] QList<PickleChild> pickleChildren(const npy::PickleTree &tree, qint32 id);

/** "dict", "list", "ndarray float64 (<f8)", "str"... for the browser's dtype column. */
[[nodiscard]] QString pickleTypeText(const npy::PickleTree &tree, qint32 id);
/** The shape of an array, "(n items)" for a container, a short repr for a single value. */
[[nodiscard]] QString pickleValueText(const npy::PickleTree &tree, qint32 id);

/**
 * Value \a id as an array the table and heatmap can show: an ndarray of plain values as it is, a
 * numpy scalar or Python number as a 0-d array of its type, text as a 0-d `<U`, an object array or
 * a sequence as a `<U` array of reprs of the same shape (strings as their text), a dict as a
 * record array of key and value reprs. Null for values with nothing to show.
 */
[[nodiscard]] npy::NpyArray pickleTableArray(const npy::PickleTree &tree, qint32 id);

/** An ndarray inside a pickle, to drag out: its tree, node and file name stem. */
struct PickleDragArray
{
    std::shared_ptr<const npy::PickleTree> tree;
    qint32 node = -1;
    QString name;
};

/**
 * Drag data for ndarrays inside pickles: each written, as `np.save` would, into a temporary folder
 * that lives until the program ends, offered as file URLs. nullptr when none could be written.
 */
[[nodiscard]] QMimeData *pickleArraysMimeData(const QList<PickleDragArray> &arrays);

} // namespace npyw
