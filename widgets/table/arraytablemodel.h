#pragma once

#include "axislabels.h"
#include "slicespec.h"
#include "valuetext.h"
#include "windowedtablemodel.h"

#include <QHash>
#include <QPointer>

namespace npyw {

class Document;
struct Member;

/**
 * A thin table adapter over one member of a Document, as a 2-D slice (SliceSpec).
 *
 * data() is O(1) per cell: a byte offset from cached strides, then the core formatter. Arrays
 * larger than kWindow along an axis are shown through a window (WindowedTableModel), so QHeaderView's
 * int pixel limits are never reached. Edits go through the document's undo stack.
 */
class ArrayTableModel : public WindowedTableModel
{
    Q_OBJECT

public:
    enum Role {
        RawBytesRole = Qt::UserRole + 1, ///< QByteArray: the element's bytes in file byte order
        DoubleRole,                      ///< double: npy::elementValue() of the element
        FullTextRole,                    ///< QString: the value at full precision (NumPy's repr)
        IndexTextRole,                   ///< QString: the element's index, `(3, 4, 1)` or `(3,).x`
    };
    explicit ArrayTableModel(Document *document, QObject *parent = nullptr);

    /** Shows member \a id (-1 for none) with \a slice (its default when invalid). */
    void setMember(int id, const npy::SliceSpec &slice = npy::SliceSpec());
    [[nodiscard]] int memberId() const { return mMemberId; }
    void setSlice(const npy::SliceSpec &slice);
    [[nodiscard]] const npy::SliceSpec &slice() const { return mSlice; }
    void setFormat(const npy::FormatOptions &options);
    [[nodiscard]] const npy::FormatOptions &format() const { return mFormat; }
    /**
     * Labels the headers along array axis \a axis with a coordinate's values ("12: 77.5"; the tooltip names the
     * coordinate), or with indexes alone (a default AxisLabels). Kept while the member is shown.
     */
    void setAxisLabels(int axis, const AxisLabels &labels);
    [[nodiscard]] AxisLabels axisLabels(int axis) const { return mAxisLabels.value(axis); }
    /** Background colours by value between \a low and \a high (NaN and non-numbers uncoloured). */
    void setColouring(bool enabled, double low = 0, double high = 1);
    [[nodiscard]] bool colouring() const { return mColouring; }

    /** The member's full multi-index of slice cell (row, column). */
    [[nodiscard]] QList<qint64> elementIndex(qint64 row, qint64 column) const;
    /** The dtype of a cell of \a column (a leaf type for structs). */
    [[nodiscard]] npy::DType cellType(qint64 column) const;
    /** True when the shown member can be edited now (never after setReadOnly(true)). */
    [[nodiscard]] bool isEditable() const;
    /** Refuses every edit (values read from a pickle are shown, never changed). */
    void setReadOnly(bool readOnly) { mReadOnly = readOnly; }
    /** Why the last setData()/setTexts()/fill() refused. */
    [[nodiscard]] QString lastError() const { return mLastError; }

    /** Parses \a text for cell \a index; false with \a why when the value is not valid. */
    bool parseCell(const QModelIndex &index, const QString &text, QByteArray *bytes, QString *why) const;
    /** Writes a block of texts with its top-left at (\a row, \a column): all or nothing, one undo step. */
    bool setTexts(int row, int column, const QList<QStringList> &texts, QString *why = nullptr);
    /** Writes \a text into every cell of \a indexes: all or nothing, one undo step. */
    bool fill(const QModelIndexList &indexes, const QString &text, QString *why = nullptr);
    /**
     * The cells' texts (displayed or full precision) as tab-separated lines over their bounding box when
     * they fill it; otherwise only the cells given, one line per row in column order.
     */
    [[nodiscard]] QString copyText(const QModelIndexList &indexes, bool fullPrecision) const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void multiData(const QModelIndex &index, QModelRoleDataSpan roleDataSpan) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    /** The slice, the member or the extent changed (a reset). */
    void layoutReset();
    void editRefused(const QString &why);

private:
    /** Records and announces why an edit was refused; returns false. */
    bool refuseEdit(const QString &message, QString *why);
    void recompute();
    void onValuesChanged(int id);
    [[nodiscard]] const uchar *cell(int row, int column, const npy::DType **type) const;
    [[nodiscard]] QVariant roleData(const uchar *p, const npy::DType &type, int row, int column, int role) const;
    [[nodiscard]] QString editText(qint64 row, qint64 column) const;
    /** The header of index \a i of array axis \a axis: the index, and its coordinate's value when labelled. */
    [[nodiscard]] QString labelled(int axis, qint64 i, int role) const;

    QPointer<Document> mDocument;
    const Member *mMember = nullptr;
    int mMemberId = -1;
    npy::SliceSpec mSlice;
    npy::FormatOptions mFormat;
    bool mColouring = false;
    double mLow = 0;
    double mHigh = 1;
    QString mLastError;
    /** The coordinates labelling the headers, by array axis. */
    QHash<int, AxisLabels> mAxisLabels;

    // Cached geometry of the slice.
    QList<npy::LeafColumn> mLeaves;
    bool mAllFields = false;
    bool mReadOnly = false;
    qint64 mBase = 0;
    qint64 mRowStride = 0;
    qint64 mColStride = 0;
    bool mNumeric = false;
};

} // namespace npyw
