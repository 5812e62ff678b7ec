// profile: the values along a row, a column or a free line of a slice (core/analysis/profile), against a NumPy
// implementation of the same rule run in the test (skimage's profile_line sampling, order 0, elements outside the
// slice and NaN left out), for ints, big-endian, float16, bool, complex parts, record fields and a transposed slice
// of a 3-D array; the NumPy code evaluated by NumPy; the CSV read back by np.loadtxt.
#include "npyfile.h"
#include "profile.h"
#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace npy;

namespace {

// The arrays, written by NumPy into the test's folder.
const char *const kMakeArrays = R"(
import sys, os
import numpy as np
d = sys.argv[1]
rng = np.random.default_rng(23)
f = rng.normal(size=(7, 9))
f[2, 3] = np.nan
f[:, 6] = np.nan          # a column of NaN
f[4, 1:5] = np.nan        # a run inside a row
np.save(os.path.join(d, 'f8.npy'), f)
np.save(os.path.join(d, 'i2be.npy'), rng.integers(-30000, 30000, size=(6, 11)).astype('>i2'))
np.save(os.path.join(d, 'u1.npy'), rng.integers(0, 256, size=(5, 8)).astype(np.uint8))
np.save(os.path.join(d, 'f2.npy'), rng.normal(size=(6, 7)).astype(np.float16))
np.save(os.path.join(d, 'b1.npy'), rng.integers(0, 2, size=(6, 6)).astype(bool))
np.save(os.path.join(d, 'c8.npy'), (rng.normal(size=(5, 9)) + 1j * rng.normal(size=(5, 9))).astype(np.complex64))
r = np.zeros((6, 7), dtype=[('a', '<i4'), ('v', '>f8'), ('s', '<f4', (2,))])
r['a'] = rng.integers(-5, 5, size=(6, 7))
r['v'] = rng.normal(size=(6, 7))
r['v'][1, 2] = np.nan
r['s'] = rng.normal(size=(6, 7, 2))
np.save(os.path.join(d, 'rec.npy'), r)
np.save(os.path.join(d, 'nd.npy'), rng.integers(-100, 100, size=(4, 5, 6)).astype(np.int32))
np.save(os.path.join(d, 'fortran.npy'), np.asfortranarray(rng.normal(size=(8, 5))))
)";

// The NumPy implementation of the rule, the NumPy code evaluated, both printed as JSON.
const char *const kReference = R"(
import sys, json, warnings
import numpy as np
path, case, code = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
a = np.load(path)
idx = tuple(slice(None) if i in (case['rowAxis'], case['colAxis']) else case['index'][i] for i in range(a.ndim))
s = eval('a' + case['field'])[idx] if case['field'] else a[idx]
if s.ndim > 2:
    s = s[(Ellipsis,) + tuple(case['sub'])]
if case['rowAxis'] > case['colAxis']:
    s = s.T
if np.iscomplexobj(s):
    s = s.astype(np.complex128)  # the parts as doubles, as the heatmap reads them
    s = {'magnitude': np.abs, 'phase': np.angle, 'real': np.real, 'imag': np.imag}[case['part']](s)
v = s.astype(np.float64)
w = case['width']
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    if case['kind'] in ('row', 'col'):
        t = v if case['kind'] == 'row' else v.T
        at = int(case['r0'] if case['kind'] == 'row' else case['c0'])
        lo, hi = max(0, at - (w - 1) // 2), min(t.shape[0], at - (w - 1) // 2 + w)
        vals = np.nanmean(t[lo:hi], axis=0)
        pos = np.arange(t.shape[1], dtype=float)
        rows = np.full(t.shape[1], at) if case['kind'] == 'row' else np.arange(t.shape[1])
        cols = np.arange(t.shape[1]) if case['kind'] == 'row' else np.full(t.shape[1], at)
    else:
        r0, c0, r1, c1 = case['r0'], case['c0'], case['r1'], case['c1']
        dr, dc = r1 - r0, c1 - c0
        theta = np.arctan2(dr, dc)
        n = int(np.ceil(np.hypot(dr, dc) + 1))
        lr, lc = np.linspace(r0, r1, n), np.linspace(c0, c1, n)
        rh, ch = (w - 1) * np.cos(theta) / 2, (w - 1) * np.sin(-theta) / 2
        R = np.floor(lr[:, None] + np.linspace(-rh, rh, w)[None, :] + 0.5).astype(np.int64)
        C = np.floor(lc[:, None] + np.linspace(-ch, ch, w)[None, :] + 0.5).astype(np.int64)
        ok = (R >= 0) & (R < v.shape[0]) & (C >= 0) & (C < v.shape[1])
        got = np.where(ok, v[np.clip(R, 0, v.shape[0] - 1), np.clip(C, 0, v.shape[1] - 1)], np.nan)
        vals = np.nanmean(got, axis=1)
        pos = np.linspace(0, np.hypot(dr, dc), n)
        rows, cols = np.floor(lr + 0.5).astype(np.int64), np.floor(lc + 0.5).astype(np.int64)
    fromCode = np.asarray(eval(code), dtype=np.float64).reshape(-1)
def out(x):
    return [None if np.isnan(y) else float(y) for y in x]
print(json.dumps({'values': out(vals), 'positions': out(pos), 'rows': [int(x) for x in rows],
                  'cols': [int(x) for x in cols], 'code': out(fromCode)}))
)";

const char *partName(ComplexPart part)
{
    switch (part) {
    case ComplexPart::Magnitude: return "magnitude";
    case ComplexPart::Phase: return "phase";
    case ComplexPart::Real: return "real";
    case ComplexPart::Imag: return "imag";
    }
    return "";
}

const char *kindName(ProfileKind kind)
{
    switch (kind) {
    case ProfileKind::Row: return "row";
    case ProfileKind::Column: return "col";
    case ProfileKind::Line: return "line";
    }
    return "";
}

/** Equal as NumPy's float64 computes them: NaN with NaN, else to a few units in the last place. */
bool same(double got, const QJsonValue &want)
{
    if (want.isNull())
        return std::isnan(got);
    const double w = want.toDouble();
    return got == w || std::abs(got - w) <= 1e-12 * std::max(std::abs(got), std::abs(w));
}

struct Case
{
    QString file;
    int rowAxis = 0;
    int colAxis = 1;
    QList<qint64> index{0, 0};
    int field = -1;
    QString fieldExpr;
    QList<qint64> sub;
    ComplexPart part = ComplexPart::Magnitude;
    ProfileGeometry geometry;
};

ProfileGeometry row(double r, qint64 w)
{
    return ProfileGeometry{ProfileKind::Row, r, 0, 0, 0, w};
}

ProfileGeometry column(double c, qint64 w)
{
    return ProfileGeometry{ProfileKind::Column, 0, c, 0, 0, w};
}

ProfileGeometry line(double r0, double c0, double r1, double c1, qint64 w)
{
    return ProfileGeometry{ProfileKind::Line, r0, c0, r1, c1, w};
}

} // namespace

Q_DECLARE_METATYPE(Case)
Q_DECLARE_METATYPE(npy::ProfileGeometry)

class TestProfile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesNumpy_data();
    void matchesNumpy();
    void refusals_data();
    void refusals();
    void cancelled();
    void readBoxAndKeptPages();
    void numpyCodeText();
    void csvReadBackByNumpy();
    void csvFailureNamesTheFile();

private:
    [[nodiscard]] NpyArray load(const QString &name) const;
    QTemporaryDir mDir;
};

void TestProfile::initTestCase()
{
    if (npytest::pythonWithNumpy().isEmpty())
        QSKIP("no python3 with NumPy");
    QVERIFY(mDir.isValid());
    QString output;
    QVERIFY2(npytest::runPython(QString::fromLatin1(kMakeArrays), {mDir.path()}, &output), qPrintable(output));
}

NpyArray TestProfile::load(const QString &name) const
{
    auto array = readNpyFile(mDir.filePath(name + QStringLiteral(".npy")));
    if (!array)
        qFatal("%s", qPrintable(array.error()));
    return array.value();
}

void TestProfile::matchesNumpy_data()
{
    QTest::addColumn<Case>("c");
    auto add = [](const char *name, const QString &file, const ProfileGeometry &g) {
        Case c;
        c.file = file;
        c.geometry = g;
        QTest::newRow(name) << c;
        return c;
    };
    const QString f8 = QStringLiteral("f8");
    add("f8 row w1", f8, row(3, 1));
    add("f8 row w3", f8, row(3, 3));
    add("f8 row of NaN runs w1", f8, row(4, 1));
    add("f8 first row w3 clipped", f8, row(0, 3));
    add("f8 last row w4 even clipped", f8, row(6, 4));
    add("f8 row w2 even", f8, row(2, 2));
    add("f8 row wider than the slice", f8, row(3, 15));
    add("f8 NaN column w1", f8, column(6, 1));
    add("f8 column w2", f8, column(4, 2));
    add("f8 last column w5 clipped", f8, column(8, 5));
    add("f8 diagonal w1", f8, line(0, 0, 6, 8, 1));
    add("f8 diagonal w3", f8, line(0, 0, 6, 8, 3));
    add("f8 diagonal reversed w2", f8, line(6, 8, 0, 0, 2));
    add("f8 steep w2", f8, line(0, 2, 6, 3, 2));
    add("f8 steep w4 across the edge", f8, line(6, 0, 0, 1, 4));
    add("f8 horizontal line w3", f8, line(3, 1, 3, 7, 3));
    add("f8 vertical line w3", f8, line(0, 5, 6, 5, 3));
    add("f8 fractional ends w3", f8, line(0.4, 1.3, 5.7, 7.2, 3));
    add("f8 single point w1", f8, line(3, 3, 3, 3, 1));
    add("f8 single point w3", f8, line(2, 3, 2, 3, 3));
    add("i2 big-endian row w1", QStringLiteral("i2be"), row(2, 1));
    add("i2 big-endian column w3", QStringLiteral("i2be"), column(5, 3));
    add("i2 big-endian line w2", QStringLiteral("i2be"), line(5, 0, 0, 10, 2));
    add("u1 row w2", QStringLiteral("u1"), row(4, 2));
    add("f2 row w2", QStringLiteral("f2"), row(1, 2));
    add("f2 line w1", QStringLiteral("f2"), line(0, 6, 5, 0, 1));
    add("b1 column w3", QStringLiteral("b1"), column(0, 3));
    add("fortran column w3", QStringLiteral("fortran"), column(2, 3));
    for (ComplexPart part : {ComplexPart::Magnitude, ComplexPart::Phase, ComplexPart::Real, ComplexPart::Imag}) {
        for (const ProfileGeometry &g : {row(2, 3), column(4, 1), line(0, 0, 4, 8, 2)}) {
            Case c;
            c.file = QStringLiteral("c8");
            c.part = part;
            c.geometry = g;
            QTest::addRow("c8 %s %s", partName(part), kindName(g.kind)) << c;
        }
    }
    Case rec;
    rec.file = QStringLiteral("rec");
    rec.field = 1;
    rec.fieldExpr = QStringLiteral("['v']");
    rec.geometry = row(1, 3);
    QTest::newRow("record field v (>f8) row w3") << rec;
    rec.geometry = line(0, 0, 5, 6, 2);
    QTest::newRow("record field v line w2") << rec;
    rec.field = 0;
    rec.fieldExpr = QStringLiteral("['a']");
    rec.geometry = column(3, 2);
    QTest::newRow("record field a (<i4) column w2") << rec;
    rec.field = 3;
    rec.fieldExpr = QStringLiteral("['s']");
    rec.sub = {1};
    rec.geometry = row(5, 3);
    QTest::newRow("record subarray s[1] row w3") << rec;
    Case nd;
    nd.file = QStringLiteral("nd");
    nd.rowAxis = 2;
    nd.colAxis = 0;
    nd.index = {0, 3, 0};
    nd.geometry = row(4, 2);
    QTest::newRow("3-D transposed slice row w2") << nd;
    nd.geometry = column(1, 3);
    QTest::newRow("3-D transposed slice column w3") << nd;
    nd.geometry = row(2, 1);
    QTest::newRow("3-D transposed slice row w1") << nd;
    nd.rowAxis = 1;
    nd.colAxis = 2;
    nd.index = {2, 0, 0};
    nd.geometry = column(5, 3);
    QTest::newRow("3-D slice column w3") << nd;
}

void TestProfile::matchesNumpy()
{
    QFETCH(Case, c);
    const NpyArray array = load(c.file);
    SliceSpec spec;
    spec.rowAxis = c.rowAxis;
    spec.colAxis = c.colAxis;
    spec.index = c.index;
    spec.field = c.field;
    const auto access = SliceAccess::create(array, spec, c.part);
    QVERIFY2(access, qPrintable(access.error()));
    const Result<Profile> p = computeProfile(access.value(), c.geometry);
    QVERIFY2(p, qPrintable(p.error()));
    QVERIFY(!p->cancelled);
    const Result<QString> code = profileNumpyCode(array.header(), spec, c.part, p.value());
    QVERIFY2(code, qPrintable(code.error()));

    QJsonObject json;
    json[QStringLiteral("rowAxis")] = c.rowAxis;
    json[QStringLiteral("colAxis")] = c.colAxis;
    QJsonArray index, sub;
    for (qint64 i : c.index)
        index.append(double(i));
    for (qint64 i : c.sub)
        sub.append(double(i));
    json[QStringLiteral("index")] = index;
    json[QStringLiteral("sub")] = sub;
    json[QStringLiteral("field")] = c.fieldExpr;
    json[QStringLiteral("part")] = QLatin1String(partName(c.part));
    json[QStringLiteral("kind")] = QLatin1String(kindName(c.geometry.kind));
    json[QStringLiteral("r0")] = c.geometry.row0;
    json[QStringLiteral("c0")] = c.geometry.col0;
    json[QStringLiteral("r1")] = c.geometry.row1;
    json[QStringLiteral("c1")] = c.geometry.col1;
    json[QStringLiteral("width")] = double(c.geometry.width);
    QString output;
    QVERIFY2(npytest::runPython(QString::fromLatin1(kReference),
                                {mDir.filePath(c.file + QStringLiteral(".npy")),
                                 QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)), code.value()},
                                &output),
             qPrintable(output + QStringLiteral("\ncode: ") + code.value()));
    const QJsonObject want = QJsonDocument::fromJson(output.toUtf8()).object();
    const QJsonArray values = want[QStringLiteral("values")].toArray();
    const QJsonArray positions = want[QStringLiteral("positions")].toArray();
    const QJsonArray rows = want[QStringLiteral("rows")].toArray();
    const QJsonArray cols = want[QStringLiteral("cols")].toArray();
    const QJsonArray fromCode = want[QStringLiteral("code")].toArray();
    QCOMPARE(p->size(), qint64(values.size()));
    QCOMPARE(qint64(fromCode.size()), p->size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        const size_t k = size_t(i);
        QVERIFY2(same(p->values[k], values[i]), qPrintable(QStringLiteral("value %1: %2, NumPy %3")
                                                               .arg(i)
                                                               .arg(p->values[k], 0, 'g', 17)
                                                               .arg(values[i].toDouble(), 0, 'g', 17)));
        QVERIFY2(same(p->values[k], fromCode[i]), qPrintable(QStringLiteral("value %1: %2, NumPy code %3 gives %4")
                                                                 .arg(i)
                                                                 .arg(p->values[k], 0, 'g', 17)
                                                                 .arg(code.value())
                                                                 .arg(fromCode[i].toDouble(), 0, 'g', 17)));
        QVERIFY(same(p->positions[k], positions[i]));
        QCOMPARE(p->rows[k], qint64(rows[i].toDouble()));
        QCOMPARE(p->cols[k], qint64(cols[i].toDouble()));
    }
}

void TestProfile::refusals_data()
{
    QTest::addColumn<ProfileGeometry>("geometry");
    QTest::addColumn<QString>("message");
    QTest::newRow("width 0") << row(1, 0) << "1 to 1000 elements wide";
    QTest::newRow("width over the most") << row(1, kMaxProfileWidth + 1) << "1 to 1000 elements wide";
    QTest::newRow("row below") << row(-1, 1) << "row -1 is not a row";
    QTest::newRow("row past the end") << row(7, 1) << "row 7 is not a row";
    QTest::newRow("fractional row") << row(2.5, 1) << "row 2.5 is not a row";
    QTest::newRow("column past the end") << column(9, 1) << "column 9 is not a column";
    QTest::newRow("line leaving the slice") << line(0, 0, 7, 2, 1) << "leaves the slice";
    QTest::newRow("line of NaN") << line(0, qQNaN(), 3, 2, 1) << "leaves the slice";
}

void TestProfile::refusals()
{
    QFETCH(ProfileGeometry, geometry);
    QFETCH(QString, message);
    const auto access = SliceAccess::create(load(QStringLiteral("f8")), SliceSpec{0, 1, {0, 0}, -1});
    QVERIFY(access);
    const Result<Profile> p = computeProfile(access.value(), geometry);
    QVERIFY(!p);
    QVERIFY2(p.error().contains(message), qPrintable(p.error()));
}

void TestProfile::cancelled()
{
    const auto access = SliceAccess::create(load(QStringLiteral("f8")), SliceSpec{0, 1, {0, 0}, -1});
    QVERIFY(access);
    const std::atomic_bool stop{true};
    for (const ProfileGeometry &g : {row(2, 3), column(1, 1), line(0, 0, 6, 8, 2)}) {
        const Result<Profile> p = computeProfile(access.value(), g, &stop);
        QVERIFY(p);
        QVERIFY(p->cancelled);
        QVERIFY(!profileNumpyCode(load(QStringLiteral("f8")).header(), SliceSpec{0, 1, {0, 0}, -1},
                                  ComplexPart::Magnitude, p.value()));
    }
}

void TestProfile::readBoxAndKeptPages()
{
    // A read-only map of the file: its pages may be kept or given back, the values are the same.
    const NpyArray f8 = load(QStringLiteral("f8"));
    const auto access = SliceAccess::create(f8, SliceSpec{0, 1, {0, 0}, -1});
    QVERIFY(access);
    QVERIFY(access->isReadOnlyMap());
    const double before = access->value(6, 8);
    struct Want
    {
        ProfileGeometry g;
        CellRange box;
    };
    const QList<Want> wants = {{row(0, 3), {0, 0, 2, 9}},
                               {column(8, 4), {0, 7, 7, 2}},
                               {line(1, 1, 5, 6, 1), {0, 0, 7, 8}},
                               {line(3, 3, 3, 3, 1), {2, 2, 3, 3}}};
    for (const Want &w : wants) {
        const Result<Profile> kept = computeProfile(access.value(), w.g, nullptr, false);
        QVERIFY(kept);
        QCOMPARE(kept->readBox, w.box);
        releaseProfilePages(access.value(), kept->readBox);
        const Result<Profile> released = computeProfile(access.value(), w.g);
        QVERIFY(released);
        QCOMPARE(released->size(), kept->size());
        for (size_t i = 0; i < kept->values.size(); ++i)
            QVERIFY(std::isnan(kept->values[i]) ? std::isnan(released->values[i])
                                                : released->values[i] == kept->values[i]);
    }
    // Boxes reaching outside the slice are clipped; an empty one does nothing.
    releaseProfilePages(access.value(), CellRange{-5, -5, 100, 100});
    releaseProfilePages(access.value(), CellRange{3, 3, 0, 0});
    QCOMPARE(access->value(6, 8), before); // the file's pages come back as they were
}

void TestProfile::numpyCodeText()
{
    // The house forms, with the slice bar's indexes on the other axes.
    const NpyArray nd = load(QStringLiteral("nd"));
    const SliceSpec spec{1, 2, {2, 0, 0}, -1};
    const auto access = SliceAccess::create(nd, spec);
    QVERIFY(access);
    auto code = [&](const ProfileGeometry &g, const NpyArray &array, const SliceSpec &s, ComplexPart part) {
        const auto a = SliceAccess::create(array, s, part);
        const Result<Profile> p = computeProfile(a.value(), g);
        return profileNumpyCode(array.header(), s, part, p.value()).value();
    };
    QCOMPARE(code(row(3, 1), nd, spec, ComplexPart::Magnitude), QStringLiteral("a[2, 3, :]"));
    QCOMPARE(code(row(3, 3), nd, spec, ComplexPart::Magnitude), QStringLiteral("a[2, 2:5, :].mean(axis=0)"));
    QCOMPARE(code(column(0, 3), nd, spec, ComplexPart::Magnitude), QStringLiteral("a[2, :, 0:2].mean(axis=1)"));
    const SliceSpec transposed{2, 0, {0, 3, 0}, -1};
    QCOMPARE(code(row(4, 2), nd, transposed, ComplexPart::Magnitude), QStringLiteral("a[:, 3, 4:6].mean(axis=1)"));
    const NpyArray f8 = load(QStringLiteral("f8"));
    const SliceSpec plain{0, 1, {0, 0}, -1};
    QCOMPARE(code(row(6, 4), f8, plain, ComplexPart::Magnitude), QStringLiteral("np.nanmean(a[5:7, :], axis=0)"));
    QVERIFY(code(line(0, 0, 2, 2, 1), f8, plain, ComplexPart::Magnitude).startsWith(QStringLiteral("np.array([")));
    const NpyArray c8 = load(QStringLiteral("c8"));
    QCOMPARE(code(row(1, 1), c8, plain, ComplexPart::Phase), QStringLiteral("np.angle(a[1, :].astype(np.complex128))"));
    QCOMPARE(code(row(1, 2), c8, plain, ComplexPart::Real),
             QStringLiteral("np.nanmean(a[1:3, :].real, axis=0, dtype=np.float64)"));
    const NpyArray rec = load(QStringLiteral("rec"));
    QCOMPARE(code(column(2, 1), rec, SliceSpec{0, 1, {0, 0}, 3}, ComplexPart::Magnitude),
             QStringLiteral("a['s'][:, 2, 1]"));
    QCOMPARE(code(column(2, 1), rec, SliceSpec{0, 1, {0, 0}, 1}, ComplexPart::Magnitude),
             QStringLiteral("a['v'][:, 2]"));
}

void TestProfile::csvReadBackByNumpy()
{
    const auto access = SliceAccess::create(load(QStringLiteral("f8")), SliceSpec{0, 1, {0, 0}, -1});
    QVERIFY(access);
    const Result<Profile> p = computeProfile(access.value(), line(0.4, 1.3, 5.7, 7.2, 3));
    QVERIFY(p);
    const QString path = mDir.filePath(QStringLiteral("profile.csv"));
    const Status st = writeProfileCsv(path, p.value());
    QVERIFY2(st, qPrintable(st.error()));
    QString output;
    QVERIFY2(npytest::runPython(QStringLiteral("import sys, numpy as np\n"
                                               "t = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1)\n"
                                               "print(' '.join(float.hex(float(x)) for x in t.reshape(-1)))\n"
                                               "print(open(sys.argv[1]).readline().strip())\n"),
                                {path}, &output),
             qPrintable(output));
    const QStringList lines = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[1], QStringLiteral("position,row,col,value"));
    const QStringList numbers = lines[0].split(QLatin1Char(' '));
    QCOMPARE(qint64(numbers.size()), 4 * p->size());
    for (qint64 i = 0; i < p->size(); ++i) {
        auto at = [&](int column) { return std::strtod(numbers[4 * i + column].toLatin1().constData(), nullptr); };
        const size_t k = size_t(i);
        QCOMPARE(at(0), p->positions[k]);
        QCOMPARE(qint64(at(1)), p->rows[k]);
        QCOMPARE(qint64(at(2)), p->cols[k]);
        if (std::isnan(p->values[k]))
            QVERIFY(std::isnan(at(3)));
        else
            QCOMPARE(at(3), p->values[k]); // shortest round-trip text: the same double
    }
}

void TestProfile::csvFailureNamesTheFile()
{
    const auto access = SliceAccess::create(load(QStringLiteral("f8")), SliceSpec{0, 1, {0, 0}, -1});
    const Result<Profile> p = computeProfile(access.value(), row(1, 1));
    QVERIFY(p);
    const Status st = writeProfileCsv(mDir.filePath(QStringLiteral("no/such/folder/p.csv")), p.value());
    QVERIFY(!st);
    QVERIFY2(st.error().contains(QStringLiteral("p.csv")), qPrintable(st.error()));
}

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
