// The one save / export policy (core/io/savepolicy.h): every combination of a member's state and the
// format asked for, against the rules the document, the exports and the archive writer followed
// before they shared it, plus the headline cases spelled out.
#include "savepolicy.h"

#include <QTest>

using namespace npy;

Q_DECLARE_METATYPE(npy::MemberContent)
Q_DECLARE_METATYPE(npy::Compression)
Q_DECLARE_METATYPE(npy::SaveFormat)
Q_DECLARE_METATYPE(npy::SaveAction)

namespace {

const char *name(MemberContent c)
{
    switch (c) {
    case MemberContent::Array:
        return "array";
    case MemberContent::Pickled:
        return "pickled";
    case MemberContent::Other:
        return "other";
    }
    return "?";
}

const char *name(Compression c)
{
    switch (c) {
    case Compression::None:
        return "none";
    case Compression::Stored:
        return "stored";
    case Compression::Deflated:
        return "deflated";
    case Compression::Bzip2:
        return "bzip2";
    case Compression::Lzma:
        return "lzma";
    case Compression::Unsupported:
        return "unsupported";
    }
    return "?";
}

const char *name(SaveFormat f)
{
    switch (f) {
    case SaveFormat::Npy:
        return "npy";
    case SaveFormat::Npz:
        return "npz";
    case SaveFormat::NpzStored:
        return "npz-stored";
    case SaveFormat::NpzCompressed:
        return "npz-compressed";
    }
    return "?";
}

/**
 * The decision as the three places made it before (Document::prepareSave and membersLostIn,
 * saveMembersFor, the archive writer's plan), written out step by step.
 */
MemberSavePlan legacy(MemberContent content, bool edited, bool hasSource, Compression current, Compression requested,
                      SaveFormat format)
{
    MemberSavePlan p;
    const bool isArray = content == MemberContent::Array;
    // membersLostIn(): non-arrays are lost in an .npy, and without a source anywhere.
    if (!isArray && (format == SaveFormat::Npy || !hasSource))
        return p;
    if (format == SaveFormat::Npy) {
        p.action = SaveAction::WriteArray;
        return p;
    }
    Compression want;
    if (format == SaveFormat::NpzCompressed)
        want = Compression::Deflated;
    else if (format == SaveFormat::NpzStored)
        want = Compression::Stored;
    else if (requested == Compression::Stored || requested == Compression::Deflated)
        want = requested;
    else
        want = current == Compression::Deflated ? Compression::Deflated : Compression::Stored;
    p.compression = want;
    // The writer copies raw when the member is unmodified and its stored encoding is the one wanted.
    const bool modified = isArray && (edited || !hasSource);
    if (!modified && hasSource && current == want)
        p.action = SaveAction::CopyRaw;
    else if (!modified)
        p.action = SaveAction::Reencode; // read from the source (bytes, or the array) and encoded anew
    else
        p.action = SaveAction::WriteArray;
    return p;
}

} // namespace

class tst_SavePolicy : public QObject
{
    Q_OBJECT

private slots:
    void everyCombination_data();
    void everyCombination();
    void headlineCases_data();
    void headlineCases();
    void targetCompression_data();
    void targetCompression();
};

void tst_SavePolicy::everyCombination_data()
{
    QTest::addColumn<MemberContent>("content");
    QTest::addColumn<bool>("edited");
    QTest::addColumn<bool>("hasSource");
    QTest::addColumn<Compression>("current");
    QTest::addColumn<Compression>("requested");
    QTest::addColumn<SaveFormat>("format");
    const MemberContent contents[] = {MemberContent::Array, MemberContent::Pickled, MemberContent::Other};
    const Compression encodings[] = {Compression::None, Compression::Stored, Compression::Deflated,
                                     Compression::Unsupported};
    const Compression requests[] = {Compression::None, Compression::Stored, Compression::Deflated};
    const SaveFormat formats[] = {SaveFormat::Npy, SaveFormat::Npz, SaveFormat::NpzStored, SaveFormat::NpzCompressed};
    for (MemberContent content : contents) {
        for (bool edited : {false, true}) {
            // Only arrays can be edited.
            if (edited && content != MemberContent::Array)
                continue;
            for (bool hasSource : {false, true}) {
                for (Compression current : encodings) {
                    if (!hasSource && current != Compression::None)
                        continue;
                    for (Compression requested : requests) {
                        for (SaveFormat format : formats) {
                            if (format != SaveFormat::Npz && requested != Compression::None)
                                continue;
                            QTest::addRow("%s %s %s %s req=%s -> %s", name(content), edited ? "edited" : "unedited",
                                          hasSource ? "source" : "no-source", name(current), name(requested),
                                          name(format))
                                << content << edited << hasSource << current << requested << format;
                        }
                    }
                }
            }
        }
    }
}

void tst_SavePolicy::everyCombination()
{
    QFETCH(MemberContent, content);
    QFETCH(bool, edited);
    QFETCH(bool, hasSource);
    QFETCH(Compression, current);
    QFETCH(Compression, requested);
    QFETCH(SaveFormat, format);
    MemberSaveState s;
    s.content = content;
    s.edited = edited;
    s.hasSource = hasSource;
    s.current = current;
    s.requested = requested;
    const MemberSavePlan got = planMemberSave(s, format);
    const MemberSavePlan want = legacy(content, edited, hasSource, current, requested, format);
    QCOMPARE(int(got.action), int(want.action));
    QCOMPARE(int(got.compression), int(want.compression));
    // Whatever is written into an archive is stored or deflated, never anything else.
    if (format != SaveFormat::Npy && got.action != SaveAction::Omit)
        QVERIFY(got.compression == Compression::Stored || got.compression == Compression::Deflated);
    // Raw copies only ever keep the encoding the bytes already have.
    if (got.action == SaveAction::CopyRaw) {
        QVERIFY(!edited);
        QCOMPARE(int(got.compression), int(current));
    }
}

void tst_SavePolicy::headlineCases_data()
{
    QTest::addColumn<MemberContent>("content");
    QTest::addColumn<bool>("edited");
    QTest::addColumn<bool>("hasSource");
    QTest::addColumn<Compression>("current");
    QTest::addColumn<SaveFormat>("format");
    QTest::addColumn<SaveAction>("action");
    QTest::addColumn<Compression>("compression");
    using A = SaveAction;
    using C = Compression;
    using F = SaveFormat;
    using M = MemberContent;
    QTest::newRow("save keeps a deflated member raw") << M::Array << false << true << C::Deflated << F::Npz << A::CopyRaw << C::Deflated;
    QTest::newRow("save keeps a stored member raw") << M::Array << false << true << C::Stored << F::Npz << A::CopyRaw << C::Stored;
    QTest::newRow("an edit is written from memory") << M::Array << true << true << C::Deflated << F::Npz << A::WriteArray << C::Deflated;
    QTest::newRow("compressing re-encodes a stored member") << M::Array << false << true << C::Stored << F::NpzCompressed << A::Reencode << C::Deflated;
    QTest::newRow("storing re-encodes a deflated member") << M::Array << false << true << C::Deflated << F::NpzStored << A::Reencode << C::Stored;
    QTest::newRow("an added .npy is stored in an archive") << M::Array << false << true << C::None << F::Npz << A::Reencode << C::Stored;
    QTest::newRow("a new array has no source") << M::Array << false << false << C::None << F::NpzCompressed << A::WriteArray << C::Deflated;
    QTest::newRow(".npy writes the array") << M::Array << false << true << C::Deflated << F::Npy << A::WriteArray << C::None;
    QTest::newRow(".npy omits a pickled member") << M::Pickled << false << true << C::Stored << F::Npy << A::Omit << C::None;
    QTest::newRow("a pickled member is copied raw") << M::Pickled << false << true << C::Deflated << F::Npz << A::CopyRaw << C::Deflated;
    QTest::newRow("readme.txt is re-encoded when compressing") << M::Other << false << true << C::Stored << F::NpzCompressed << A::Reencode << C::Deflated;
    QTest::newRow("bytes without a source are omitted") << M::Other << false << false << C::None << F::Npz << A::Omit << C::None;
}

void tst_SavePolicy::headlineCases()
{
    QFETCH(MemberContent, content);
    QFETCH(bool, edited);
    QFETCH(bool, hasSource);
    QFETCH(Compression, current);
    QFETCH(SaveFormat, format);
    QFETCH(SaveAction, action);
    QFETCH(Compression, compression);
    MemberSaveState s;
    s.content = content;
    s.edited = edited;
    s.hasSource = hasSource;
    s.current = current;
    const MemberSavePlan got = planMemberSave(s, format);
    QCOMPARE(int(got.action), int(action));
    QCOMPARE(int(got.compression), int(compression));
}

void tst_SavePolicy::targetCompression_data()
{
    QTest::addColumn<SaveFormat>("format");
    QTest::addColumn<Compression>("current");
    QTest::addColumn<Compression>("requested");
    QTest::addColumn<Compression>("expected");
    QTest::newRow("npz keeps deflated") << SaveFormat::Npz << Compression::Deflated << Compression::None << Compression::Deflated;
    QTest::newRow("npz stores a plain npy") << SaveFormat::Npz << Compression::None << Compression::None << Compression::Stored;
    QTest::newRow("npz stores unsupported") << SaveFormat::Npz << Compression::Unsupported << Compression::None << Compression::Stored;
    QTest::newRow("npz honours a request") << SaveFormat::Npz << Compression::Stored << Compression::Deflated << Compression::Deflated;
    QTest::newRow("stored ignores a request") << SaveFormat::NpzStored << Compression::Deflated << Compression::Deflated << Compression::Stored;
    QTest::newRow("compressed") << SaveFormat::NpzCompressed << Compression::Stored << Compression::None << Compression::Deflated;
    QTest::newRow("npy has none") << SaveFormat::Npy << Compression::Deflated << Compression::None << Compression::None;
}

void tst_SavePolicy::targetCompression()
{
    QFETCH(SaveFormat, format);
    QFETCH(Compression, current);
    QFETCH(Compression, requested);
    QFETCH(Compression, expected);
    QCOMPARE(int(npy::targetCompression(format, current, requested)), int(expected));
}

QTEST_GUILESS_MAIN(tst_SavePolicy)
#include "tst_savepolicy.moc"
