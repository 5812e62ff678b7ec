#include "npzreader.h"

#include "npzsource_p.h"
#include "splitinflate.h"

#include <QThread>

namespace npy {

using npz::NpzSource;

bool rawMember(const Source &source, int index, RawMember *out)
{
    const auto *npz = dynamic_cast<const NpzSource *>(&source);
    return npz && npz->raw(index, out);
}

Status verifyMember(const Source &source, int index)
{
    RawMember raw;
    if (index >= 0 && index < source.members().size() && source.members()[index].error.isEmpty()
        && rawMember(source, index, &raw) && raw.method == zip::Deflated && !raw.indexed
        && QThread::idealThreadCount() > 1
        && codec::verifyDeflateInTwo(raw.path, raw.dataOffset, raw.compressedSize, raw.uncompressedSize, raw.crc32))
        return Status();
    return source.readData(index, [](const uchar *, qint64) { return true; });
}

Result<std::shared_ptr<const Source>> openNpz(const QString &path)
{
    using R = Result<std::shared_ptr<const Source>>;
    auto source = std::make_shared<NpzSource>(path);
    Status st = source->openArchive();
    if (!st)
        return R::failure(st.error());
    return R(std::shared_ptr<const Source>(std::move(source)));
}

} // namespace npy
