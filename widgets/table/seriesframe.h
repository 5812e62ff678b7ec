#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace npyw {

class Document;
class HugeTableView;
class SeriesFrameModel;

/**
 * A window showing several 1-D members of a document side by side (SeriesFrameModel), like a data frame:
 * clicking a column's header sorts the rows by it (ascending, then descending, then the members' own order),
 * on a worker, as a view that never changes the file; the line above the table says what is shown and how it
 * is sorted. Ctrl+C copies the selected cells as tab-separated text (a header line of the names first). Closes
 * itself when the document goes or its last column is removed.
 */
class SeriesFrameView : public QWidget
{
    Q_OBJECT

public:
    explicit SeriesFrameView(Document *document, QWidget *parent = nullptr);

    /** Shows \a ids; false with \a why (and nothing shown) when they are not 1-D arrays of one length. */
    bool setMembers(const QList<int> &ids, QString *why = nullptr);
    [[nodiscard]] SeriesFrameModel *model() const { return mModel; }
    [[nodiscard]] HugeTableView *table() const { return mTable; }
    [[nodiscard]] QString statusText() const;
    /** The selected cells as tab-separated lines, the members' names first (what Ctrl+C copies). */
    [[nodiscard]] QString selectionText() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void headerClicked(int section);
    void updateStatus(const QString &error = QString());
    void updateTitle();

    Document *mDocument;
    SeriesFrameModel *mModel;
    HugeTableView *mTable;
    QLabel *mStatus;
    QPushButton *mUnsorted;
};

} // namespace npyw
