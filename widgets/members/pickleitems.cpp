#include "pickleitems.h"

#include "document.h"
#include "export.h"
#include "jobpool.h"
#include "npyfile.h"
#include "npyheader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <QMimeData>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>

#include <cstring>

namespace npyw {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npyw::PickleItems)
};

struct CacheEntry
{
    const npy::Source *source = nullptr;
    int index = -1;
    std::weak_ptr<const npy::Source> alive;
    PickleRead read;
};

bool isContainer(const npy::PickleNode &n)
{
    switch (n.type) {
    case npy::PickleType::List:
    case npy::PickleType::Tuple:
    case npy::PickleType::Dict:
    case npy::PickleType::Instance:
    case npy::PickleType::Set:
    case npy::PickleType::FrozenSet:
        return true;
    case npy::PickleType::NdArray:
        return n.dtype.kind == npy::Kind::Object;
    default:
        return false;
    }
}

QString indexText(const QList<qint64> &shape, qint64 flat)
{
    QStringList parts;
    for (qsizetype d = shape.size() - 1; d >= 0; --d) {
        const qint64 extent = std::max<qint64>(shape[d], 1);
        parts.prepend(QString::number(flat % extent));
        flat /= extent;
    }
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

/** A cell's text: strings as they are, anything else as its repr. */
QString cellText(const npy::PickleTree &tree, qint32 id, int maxChars)
{
    const npy::PickleNode &n = tree.node(id);
    if (n.type == npy::PickleType::Str)
        return n.text.left(maxChars);
    return npy::pickleRepr(tree, id, maxChars);
}

/** A `<U` array of \a texts with \a shape (native little-endian UCS-4). */
npy::NpyArray textArray(const QStringList &texts, const QList<qint64> &shape)
{
    QList<QList<uint>> codes;
    qint64 width = 1;
    for (const QString &t : texts) {
        codes.append(t.toUcs4());
        width = std::max<qint64>(width, codes.last().size());
    }
    npy::NpyHeader h;
    QString error;
    if (!npy::DType::fromTypeString(QStringLiteral("<U%1").arg(width), &h.dtype, &error))
        return npy::NpyArray();
    h.shape = shape;
    if (!npy::arraySize(shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes) || h.elementCount != texts.size())
        return npy::NpyArray();
    QByteArray bytes(qsizetype(h.dataBytes), '\0');
    for (qsizetype i = 0; i < codes.size(); ++i)
        if (!codes[i].isEmpty()) // an empty text has no data pointer to copy from
            std::memcpy(bytes.data() + i * h.dtype.itemSize, codes[i].constData(), size_t(codes[i].size()) * 4);
    return npy::NpyArray(std::move(h), bytes);
}

npy::NpyArray scalarArray(const char *type, const void *value, qint64 size)
{
    npy::NpyHeader h;
    QString error;
    if (!npy::DType::fromTypeString(QLatin1String(type), &h.dtype, &error))
        return npy::NpyArray();
    h.dataBytes = size;
    return npy::NpyArray(std::move(h), QByteArray(static_cast<const char *>(value), qsizetype(size)));
}

} // namespace

namespace {

/** The last reads, newest first; touched from the UI thread only. */
QList<CacheEntry> &cache()
{
    static QList<CacheEntry> entries;
    return entries;
}

PickleRead readNow(const npy::Source &source, int index)
{
    PickleRead read;
    npy::Result<npy::PickleTree> tree = npy::readPickledMember(source, index);
    if (tree)
        read.tree = std::make_shared<const npy::PickleTree>(std::move(tree.value()));
    else
        read.error = tree.error();
    return read;
}

void remember(const std::shared_ptr<const npy::Source> &source, int index, const PickleRead &read)
{
    CacheEntry entry;
    entry.source = source.get();
    entry.index = index;
    entry.alive = source;
    entry.read = read;
    cache().prepend(entry);
    while (cache().size() > 8)
        cache().removeLast();
}

} // namespace

std::optional<PickleRead> cachedMemberPickle(const Member &m)
{
    if (!m.source || !m.info.isArray || !m.info.header.isPickled())
        return PickleRead();
    for (const CacheEntry &e : std::as_const(cache()))
        if (e.source == m.source.get() && e.index == m.sourceIndex && !e.alive.expired())
            return e.read;
    return std::nullopt;
}

void readMemberPickleAsync(const Member &m, QObject *context, std::function<void(const PickleRead &)> done)
{
    if (std::optional<PickleRead> known = cachedMemberPickle(m)) {
        // Still from the event loop, never from inside the caller (a model may be mid-signal).
        QTimer::singleShot(0, context, [done, read = *known]() { done(read); });
        return;
    }
    std::shared_ptr<const npy::Source> source = m.source;
    const int index = m.sourceIndex;
    auto *watcher = new QFutureWatcher<PickleRead>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, source, index, done]() {
        const PickleRead read = watcher->result();
        watcher->deleteLater();
        remember(source, index, read);
        done(read);
    });
    watcher->setFuture(QtConcurrent::run(jobPool(), [source, index]() { return readNow(*source, index); }));
}

QList<PickleChild> pickleChildren(const npy::PickleTree &tree, qint32 id)
{
    QList<PickleChild> out;
    const npy::PickleNode &n = tree.node(id);
    if (n.type == npy::PickleType::NdArray && n.dtype.kind == npy::Kind::Object && n.shape.isEmpty()
        && n.items.size() == 1) {
        if (isContainer(tree.node(n.items[0])))
            return pickleChildren(tree, n.items[0]);
        out.append(PickleChild{Tr::tr("value"), n.items[0]});
        return out;
    }
    if (!isContainer(n))
        return out;
    if (n.type == npy::PickleType::Dict || n.type == npy::PickleType::Instance) {
        for (size_t i = 0; i + 1 < n.items.size(); i += 2) {
            const npy::PickleNode &key = tree.node(n.items[i]);
            out.append(PickleChild{key.type == npy::PickleType::Str ? key.text : npy::pickleRepr(tree, n.items[i], 60),
                                   n.items[i + 1]});
        }
        return out;
    }
    for (size_t i = 0; i < n.items.size(); ++i) {
        const QString name = n.type == npy::PickleType::NdArray && n.shape.size() > 1
                                 ? indexText(n.shape, qint64(i))
                                 : QStringLiteral("[%1]").arg(i);
        out.append(PickleChild{name, n.items[i]});
    }
    return out;
}

QString pickleTypeText(const npy::PickleTree &tree, qint32 id)
{
    const npy::PickleNode &n = tree.node(id);
    switch (n.type) {
    case npy::PickleType::NdArray:
        return Tr::tr("ndarray %1 (%2)").arg(n.dtype.displayName(), npy::dtypeStr(n.dtype));
    case npy::PickleType::Scalar:
        return Tr::tr("numpy %1 (%2)").arg(n.dtype.displayName(), npy::dtypeStr(n.dtype));
    case npy::PickleType::DType: return QStringLiteral("numpy.dtype");
    case npy::PickleType::None: return QStringLiteral("None");
    case npy::PickleType::Bool: return QStringLiteral("bool");
    case npy::PickleType::Int: return QStringLiteral("int");
    case npy::PickleType::Float: return QStringLiteral("float");
    case npy::PickleType::Complex: return QStringLiteral("complex");
    case npy::PickleType::Str: return QStringLiteral("str");
    case npy::PickleType::Bytes: return QStringLiteral("bytes");
    case npy::PickleType::ByteArray: return QStringLiteral("bytearray");
    case npy::PickleType::List: return QStringLiteral("list");
    case npy::PickleType::Tuple: return QStringLiteral("tuple");
    case npy::PickleType::Dict: return QStringLiteral("dict");
    case npy::PickleType::Set: return QStringLiteral("set");
    case npy::PickleType::FrozenSet: return QStringLiteral("frozenset");
    case npy::PickleType::Global: return Tr::tr("builtin %1.%2 (not called)").arg(n.text, n.name);
    case npy::PickleType::Instance: return Tr::tr("%1 (read as data, not constructed)").arg(n.text);
    }
    return QString();
}

QString pickleValueText(const npy::PickleTree &tree, qint32 id)
{
    const npy::PickleNode &n = tree.node(id);
    if (n.type == npy::PickleType::NdArray)
        return npy::pyTupleRepr(n.shape);
    if (isContainer(n))
        return Tr::tr("(%n item(s))", nullptr,
                      int(n.type == npy::PickleType::Dict || n.type == npy::PickleType::Instance ? n.items.size() / 2
                                                                                                : n.items.size()));
    return npy::pickleRepr(tree, id, 80);
}

npy::NpyArray pickleTableArray(const npy::PickleTree &tree, qint32 id)
{
    const npy::PickleNode &n = tree.node(id);
    switch (n.type) {
    case npy::PickleType::NdArray: {
        if (n.dtype.kind != npy::Kind::Object) {
            npy::Result<npy::NpyArray> a = npy::pickleNodeArray(tree, id);
            return a ? a.value() : npy::NpyArray();
        }
        const int maxChars = n.items.size() > 10000 ? 40 : 200;
        QStringList texts;
        for (qint32 item : n.items)
            texts.append(cellText(tree, item, maxChars));
        return textArray(texts, n.shape);
    }
    case npy::PickleType::Scalar: {
        npy::NpyHeader h;
        h.dtype = n.dtype;
        h.dataBytes = n.data.size();
        return npy::NpyArray(std::move(h), n.data);
    }
    case npy::PickleType::Bool: {
        const char b = n.boolValue ? 1 : 0;
        return scalarArray("|b1", &b, 1);
    }
    case npy::PickleType::Int: {
        bool ok = false;
        const qint64 v = n.intText.toLongLong(&ok);
        return ok ? scalarArray("<i8", &v, 8) : textArray({QString::fromLatin1(n.intText)}, {});
    }
    case npy::PickleType::Float:
        return scalarArray("<f8", &n.real, 8);
    case npy::PickleType::Complex: {
        const double c[2] = {n.real, n.imag};
        return scalarArray("<c16", c, 16);
    }
    case npy::PickleType::List:
    case npy::PickleType::Tuple:
    case npy::PickleType::Set:
    case npy::PickleType::FrozenSet: {
        QStringList texts;
        for (qint32 item : n.items)
            texts.append(cellText(tree, item, 200));
        return textArray(texts, {qint64(texts.size())});
    }
    case npy::PickleType::Instance: {
        // A SciPy sparse matrix shows as its dense matrix (SciPy's .toarray(), the zeros never stored).
        const npy::Result<npy::SparseMatrix> m = npy::pickledSparseMatrix(tree, id, QString());
        if (m) {
            const npy::Result<npy::NpyArray> dense = npy::sparseDenseView(m.value());
            if (dense)
                return dense.value();
        }
        [[fallthrough]];
    }
    case npy::PickleType::Dict: {
        QStringList texts;
        for (size_t i = 0; i < n.items.size(); ++i)
            texts.append(cellText(tree, n.items[i], 200));
        return textArray(texts, {qint64(texts.size() / 2), 2});
    }
    case npy::PickleType::None:
    case npy::PickleType::Str:
    case npy::PickleType::Bytes:
    case npy::PickleType::ByteArray:
    case npy::PickleType::DType:
    case npy::PickleType::Global:
        return textArray({cellText(tree, id, 100000)}, {});
    }
    return npy::NpyArray();
}

QMimeData *pickleArraysMimeData(const QList<PickleDragArray> &arrays)
{
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/npy-inspector-pickle-XXXXXX"));
    if (!dir.isValid())
        return nullptr;
    static int drag = 0;
    const QString folder = dir.filePath(QString::number(++drag));
    if (!QDir().mkpath(folder))
        return nullptr;
    QList<QUrl> urls;
    QStringList used;
    for (const PickleDragArray &a : arrays) {
        npy::Result<npy::NpyArray> array = npy::pickleNodeArray(*a.tree, a.node);
        if (!array)
            continue;
        QString stem = npy::safeMemberPath(a.name).replace(QLatin1Char('/'), QLatin1Char('_'));
        QString file = stem + QStringLiteral(".npy");
        for (int n = 1; used.contains(file.toLower()); ++n)
            file = QStringLiteral("%1_%2.npy").arg(stem).arg(n);
        used.append(file.toLower());
        const QString path = folder + QLatin1Char('/') + file;
        if (npy::saveNpyFile(path, array.value()))
            urls.append(QUrl::fromLocalFile(path));
    }
    if (urls.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setUrls(urls);
    return mime;
}

} // namespace npyw
