#pragma once

#include "valuetext.h"
#include "windowedtablemodel.h"

#include <QFutureWatcher>
#include <QPointer>

#include <atomic>
#include <memory>
#include <vector>

namespace npyw {

class Document;

/**
 * Several 1-D members of one length as one read-only table, a column each, like a data frame: row r holds
 * element r of every member. Sorting by a column is a view, a permutation of the rows computed on a worker
 * (npy::sortPermutation(), stable, NaN last), never a change to the document or the file; the vertical header
 * names each row's index in the members. Members are loaded through the document when shown (their cells read
 * "…" until then); edits of a member show at once and re-sort when the sorted column changed; a removed member's
 * column goes. Large lengths are windowed (WindowedTableModel).
 */
class SeriesFrameModel : public WindowedTableModel
{
    Q_OBJECT

public:
    enum Role {
        SourceRowRole = Qt::UserRole + 1, ///< qint64: the members' index shown in this row
        FullTextRole,                     ///< QString: the value at full precision (NumPy's repr)
    };

    explicit SeriesFrameModel(Document *document, QObject *parent = nullptr);
    ~SeriesFrameModel() override;

    /**
     * Shows the members \a ids as columns, in that order. False (nothing changes) with \a why when one is not a
     * 1-D array, the lengths differ or fewer than one is given.
     */
    bool setMembers(const QList<int> &ids, QString *why = nullptr);
    [[nodiscard]] QList<int> memberIds() const { return mIds; }
    /** The members' common length (the rows). */
    [[nodiscard]] qint64 length() const { return mLength; }
    void setFormat(const npy::FormatOptions &options);

    /**
     * Orders the rows by the values of \a column (ascending or descending, stable, NaN last), on a worker; the
     * rows stay as they are until sortFinished(). \a column -1 restores the members' own order at once.
     */
    void sortBy(int column, Qt::SortOrder order = Qt::AscendingOrder);
    [[nodiscard]] int sortColumn() const { return mSortColumn; }
    [[nodiscard]] Qt::SortOrder sortOrder() const { return mSortOrder; }
    [[nodiscard]] bool isSorting() const { return mSorting; }
    /** The name of the member shown in \a column (of the whole table), empty when none. */
    [[nodiscard]] QString columnName(int column) const;
    /** The members' index shown in table row \a row (64-bit, of the whole table). */
    [[nodiscard]] qint64 sourceRow(qint64 row) const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    /** A sort asked of sortBy() ended: applied, or refused with \a error (the rows then keep their order). */
    void sortFinished(bool ok, const QString &error);
    /** The columns changed (a member removed or renamed). */
    void membersChanged();

private:
    struct SortOutcome
    {
        std::vector<qint64> order;
        QString error;
        quint64 generation = 0;
    };
    /** Forgets the sorted column and drops any sort under way (the rows keep whatever order they have). */
    void stopSorting();
    void startSort();
    void sortDone();
    void memberLoaded(int id);
    void valuesChanged(int id);
    void memberRemoved(int id);
    [[nodiscard]] const uchar *element(int column, qint64 row, const npy::DType **type) const;

    QPointer<Document> mDocument;
    QList<int> mIds;
    qint64 mLength = 0;
    npy::FormatOptions mFormat;
    std::vector<qint64> mOrder; ///< empty: the members' own order
    int mSortColumn = -1;
    Qt::SortOrder mSortOrder = Qt::AscendingOrder;
    bool mSorting = false;
    bool mSortAgain = false;
    quint64 mGeneration = 0;
    std::shared_ptr<std::atomic_bool> mCancel;
    QFutureWatcher<SortOutcome> *mWatcher;
};

} // namespace npyw
