#include "documentmember.h"

namespace npyw {

npy::MemberSaveState Member::saveState() const
{
    npy::MemberSaveState state;
    state.content = isArray() ? npy::MemberContent::Array
                    : info.isArray ? npy::MemberContent::Pickled
                                   : npy::MemberContent::Other;
    state.edited = isDataEdited();
    // A member a damaged file cuts short has no bytes to copy: a save leaves it out (and says so).
    state.hasSource = source && sourceIndex >= 0 && !info.truncated;
    state.current = state.hasSource ? info.compression : npy::Compression::None;
    return state;
}

npy::SaveMember Member::saveMember(const npy::MemberSavePlan &plan) const
{
    npy::SaveMember s;
    s.key = key;
    s.source = source;
    s.sourceIndex = sourceIndex;
    s.compression = plan.compression == npy::Compression::Deflated ? npy::Compression::Deflated
                                                                   : npy::Compression::Stored;
    // The writer asks the same policy again: an unedited member keeps "not modified", so that it
    // is copied raw or re-encoded from its source as decided here.
    s.modified = plan.action == npy::SaveAction::WriteArray;
    if (loaded && isArray())
        s.array = array;
    return s;
}

} // namespace npyw
