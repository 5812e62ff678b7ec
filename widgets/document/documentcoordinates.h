#pragma once

#include "coordinates.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <atomic>
#include <memory>

class QTimer;
template <typename T>
class QFutureWatcher;

namespace npyw {

class Document;
struct CoordinateScan;

/**
 * The coordinates of a document's members (npy::rankCoordinates(), core/io/coordinates.h): for each axis of each
 * member, the other members that may label it, best first, and the one chosen.
 *
 * They are looked up on a worker, never on this thread: once the document has members (at once, or when it has
 * opened), again a moment after the member list changes (a rename, an added or deleted member) or the values of a
 * member that may be a coordinate are edited. Each member's values are judged once and the verdict kept (until an
 * edit of that member), so a new lookup reads only members it has not judged. changed() says when a lookup's
 * answer is in, or a choice changed; until the first answer every axis has none.
 *
 * The user may choose another candidate, or none, for an axis (setCoordinate()); the choice holds until set
 * back to kAutomatic.
 */
class DocumentCoordinates : public QObject
{
    Q_OBJECT

public:
    /** setCoordinate()'s value that gives the axis back to the rule. */
    static constexpr int kAutomatic = -2;
    /** How many candidates each axis keeps (the menu that changes the choice lists them). */
    static constexpr int kMaxCandidates = 12;

    explicit DocumentCoordinates(Document *document, QObject *parent = nullptr);
    ~DocumentCoordinates() override;

    /** True once a lookup has answered for the member list as it is now (none is due or running). */
    [[nodiscard]] bool isReady() const;
    /** The candidates (member ids) of axis \a axis of member \a memberId, best first; empty when none. */
    [[nodiscard]] QList<int> candidates(int memberId, int axis) const;
    /** The member (id) that labels axis \a axis of member \a memberId: the user's choice, else the best candidate; -1: none. */
    [[nodiscard]] int coordinate(int memberId, int axis) const;
    /** True when the user chose axis \a axis's coordinate (or none) instead of the rule. */
    [[nodiscard]] bool isChosen(int memberId, int axis) const;
    /** Labels axis \a axis of member \a memberId with member \a coordinateId (-1: none; kAutomatic: the rule's). */
    void setCoordinate(int memberId, int axis, int coordinateId);

signals:
    /** The coordinates of some members changed (a lookup answered, or a choice was made). */
    void changed();

private:
    void schedule();
    void start();
    void finished();

    QPointer<Document> mDocument;
    /** Per member id: per axis, the candidate ids best first. */
    QHash<int, QList<QList<int>>> mRanked;
    /** Per member id: whether its values may be a coordinate (judged once, until an edit). */
    QHash<int, bool> mVerdicts;
    /** Members edited while a lookup ran: its verdicts on them are stale. */
    QSet<int> mStale;
    /** The user's choices: (member id, axis) -> coordinate id or -1. */
    QHash<QPair<int, int>, int> mChoices;
    QTimer *mTimer = nullptr;
    QFutureWatcher<CoordinateScan> *mWatcher = nullptr;
    std::shared_ptr<std::atomic_bool> mCancel;
    bool mRunning = false;
    bool mDue = false;
};

} // namespace npyw
