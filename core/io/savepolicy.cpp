#include "savepolicy.h"

namespace npy {

Compression targetCompression(SaveFormat format, Compression current, Compression requested)
{
    switch (format) {
    case SaveFormat::Npy:
        return Compression::None;
    case SaveFormat::NpzStored:
        return Compression::Stored;
    case SaveFormat::NpzCompressed:
        return Compression::Deflated;
    case SaveFormat::Npz:
        break;
    }
    if (requested == Compression::Stored || requested == Compression::Deflated)
        return requested;
    // A compressed member stays compressed (bzip2 and LZMA members become deflated ones).
    return current == Compression::Deflated || current == Compression::Bzip2 || current == Compression::Lzma
               ? Compression::Deflated
               : Compression::Stored;
}

MemberSavePlan planMemberSave(const MemberSaveState &state, SaveFormat format)
{
    MemberSavePlan plan;
    if (format == SaveFormat::Npy) {
        if (state.content == MemberContent::Array)
            plan.action = SaveAction::WriteArray;
        return plan;
    }
    plan.compression = targetCompression(format, state.current, state.requested);
    const bool kept = state.hasSource && state.current == plan.compression;
    if (state.content != MemberContent::Array) {
        if (!state.hasSource) {
            plan.compression = Compression::None;
            return plan;
        }
        plan.action = kept ? SaveAction::CopyRaw : SaveAction::Reencode;
        return plan;
    }
    if (state.edited || !state.hasSource)
        plan.action = SaveAction::WriteArray;
    else
        plan.action = kept ? SaveAction::CopyRaw : SaveAction::Reencode;
    return plan;
}

} // namespace npy
