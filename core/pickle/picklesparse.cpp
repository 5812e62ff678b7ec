// SciPy sparse matrices pickled into object arrays (np.save of a coo_matrix, say): read from the state their
// pickle gives them (an Instance node, never constructed) into the SparseMatrix an archive's parts make.

#include "pickle.h"
#include "pickle_p.h"

#include "sparsematrix.h"

namespace npy {

namespace {

/** The value under key \a key of an Instance's state, or -1. */
qint32 stateValue(const PickleTree &tree, qint32 id, const char *key)
{
    const PickleNode &n = tree.node(id);
    for (size_t i = 0; i + 1 < n.items.size(); i += 2) {
        const PickleNode &k = tree.node(n.items[i]);
        if (k.type == PickleType::Str && k.text == QLatin1String(key))
            return n.items[i + 1];
    }
    return -1;
}

bool intValue(const PickleNode &n, qint64 *out)
{
    if (n.type != PickleType::Int)
        return false;
    bool ok = false;
    *out = QString::fromLatin1(n.intText).toLongLong(&ok);
    return ok;
}

} // namespace

std::optional<SparseFormat> pickledSparseFormat(const PickleTree &tree, qint32 id)
{
    const PickleNode &n = tree.node(id);
    if (n.type != PickleType::Instance)
        return std::nullopt;
    return sparseFormatNamed(n.text.section(QLatin1Char('.'), -1).section(QLatin1Char('_'), 0, 0));
}

Result<SparseMatrix> pickledSparseMatrix(const PickleTree &tree, qint32 id, const QString &where)
{
    using R = Result<SparseMatrix>;
    const std::optional<SparseFormat> format = pickledSparseFormat(tree, id);
    if (!format)
        return R::failure(PickleTr::tr("%1: not a SciPy sparse matrix").arg(where));
    const QString cls = tree.node(id).text.section(QLatin1Char('.'), -1);
    SparseMatrix m;
    m.format = *format;
    SparsePartNames names;
    names.format = names.shape = QStringLiteral("%1: the pickled %2").arg(where, cls);
    auto part = [&](const char *key) { return QStringLiteral("%1: the pickled %2's %3").arg(where, cls, QLatin1String(key)); };
    names.data = part("data");
    names.indices = part("indices");
    names.indptr = part("indptr");
    names.row = part("row");
    names.col = part("col");
    names.offsets = part("offsets");

    qint32 shape = stateValue(tree, id, "_shape");
    if (shape < 0)
        shape = stateValue(tree, id, "shape");
    const PickleNode *s = shape >= 0 ? &tree.node(shape) : nullptr;
    if (!s || s->type != PickleType::Tuple || s->items.size() != 2 || !intValue(tree.node(s->items[0]), &m.rows)
        || !intValue(tree.node(s->items[1]), &m.cols))
        return R::failure(PickleTr::tr("%1 has no shape of two integers").arg(names.shape));

    const bool compressed = m.format == SparseFormat::Csr || m.format == SparseFormat::Csc || m.format == SparseFormat::Bsr;
    std::vector<std::pair<const char *, NpyArray *>> wanted = {{"data", &m.data}};
    if (compressed)
        wanted.insert(wanted.end(), {{"indices", &m.indices}, {"indptr", &m.indptr}});
    else if (m.format == SparseFormat::Coo)
        wanted.insert(wanted.end(), {{"row", &m.row}, {"col", &m.col}});
    else
        wanted.push_back({"offsets", &m.offsets});
    for (const auto &[key, array] : wanted) {
        const qint32 value = stateValue(tree, id, key);
        if (value < 0 || tree.node(value).type != PickleType::NdArray)
            return R::failure(PickleTr::tr("%1 is missing").arg(part(key)));
        Result<NpyArray> a = pickleNodeArray(tree, value);
        if (!a)
            return R::failure(PickleTr::tr("%1: %2").arg(part(key), a.error()));
        *array = a.value();
    }
    const Status ok = checkSparseMatrix(&m, names);
    if (!ok)
        return R::failure(ok.error());
    return m;
}

} // namespace npy
