#pragma once

#include "slicespec.h"
#include "valuetext.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QPointer>
#include <QWidget>

#include <functional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace npyw {

class ArrayTableModel;
class Document;
class FindBar;
class HugeTableView;
class SliceBar;

/**
 * The central pane of the inspector window: the display-format bar, the slice bar and the table
 * of one member, with the editing actions on the selection (copy, paste, fill, go to index).
 * Shows a progress page while the member loads and a message for members that are not arrays.
 */
class ArrayPane : public QWidget
{
    Q_OBJECT

public:
    explicit ArrayPane(Document *document, QWidget *parent = nullptr);

    /** Shows member \a id (-1: none), loading it on a worker first if needed. */
    void showMember(int id);
    [[nodiscard]] int memberId() const { return mMemberId; }
    [[nodiscard]] ArrayTableModel *model() const { return mModel; }
    [[nodiscard]] HugeTableView *table() const { return mTable; }
    [[nodiscard]] SliceBar *sliceBar() const { return mSliceBar; }
    /** The find bar under the table (hidden until Ctrl+F). */
    [[nodiscard]] FindBar *findBar() const { return mFindBar; }
    /** True when the table (not a loading or message page) is shown. */
    [[nodiscard]] bool isShowingTable() const;
    /** The text of the loading / message page. */
    [[nodiscard]] QString messageText() const;

    /**
     * Copies the selection as tab-separated text (displayed format, or full precision): a
     * rectangle as it is, other selections as their cells only. More than kCopyAskCells cells are
     * copied only after the copy prompt agreed; more than kCopyMaxCells never.
     */
    void copy(bool fullPrecision);
    static constexpr qint64 kCopyAskCells = 2000000;
    static constexpr qint64 kCopyMaxCells = 8000000;
    /** Asks whether to copy \a cells cells as text (a message box by default); tests replace it. */
    using CopyPrompt = std::function<bool(QWidget *parent, qint64 cells)>;
    static void setCopyPrompt(CopyPrompt prompt);
    /**
     * The selection (its bounding rectangle, at least two cells) as NumPy code with exact values,
     * `np.array([[1.5, 2.0]], dtype='<f4')`, or without a selection the whole member up to 10 000
     * values (npy::numpyCode()). Empty with \a why when there is nothing to copy or too much.
     */
    [[nodiscard]] QString numpyCode(QString *why) const;
    /** Copies numpyCode() to the clipboard, or says in the status bar why not. */
    void copyAsNumpyCode();
    /**
     * The context menu of the table for cell (\a row, \a column) (absolute; -1 for a header of
     * the other orientation): copy, copy as code, find, go to, plot this row or column (2-D).
     */
    [[nodiscard]] QMenu *contextMenu(qint64 row, qint64 column);
    /** A menu the table's context menu offers as a submenu (the window's Edit > Array); not owned. */
    void setArrayMenu(QMenu *menu);
    /** Actions the table's context menu offers after that submenu (the window's New Member from Selection); not owned. */
    void setExtraActions(const QList<QAction *> &actions);
    /** Pastes tab-separated \a text at the selection: all or nothing. False with \a why. */
    bool pasteText(const QString &text, QString *why = nullptr);
    /** Pastes the clipboard's text. */
    bool paste(QString *why = nullptr);
    /** Writes \a text into every selected cell: all or nothing. */
    bool fillSelection(const QString &text, QString *why = nullptr);
    /** Asks for a value and fills the selection with it. */
    void promptFill();
    /**
     * Goes to the element at \a index: one entry per axis (negative counts from the end), or
     * one flat C-order index. False with \a why when out of range.
     */
    bool goToIndex(const QList<qint64> &index, QString *why = nullptr);
    /** Asks for an index (Ctrl+G). */
    void promptGoTo();

    void setFormat(const npy::FormatOptions &options);
    [[nodiscard]] npy::FormatOptions format() const;
    /** The value range background colouring maps (from the member's statistics). */
    void setColourRange(int memberId, double low, double high);
    void setColouring(bool enabled);
    /** True when "Colour by value" is on. */
    [[nodiscard]] bool isColouring() const;
    /**
     * Before member \a id is shown: shows it on slice \a spec (when \a spec fits its shape) in \a format, with
     * the table coloured by value when \a colouring; what the same member of the file before showed (File > Next
     * File in Folder). The slice is kept for every member of that shape and dtype, as a slice chosen here is.
     */
    void presetMember(int id, const npy::SliceSpec &spec, const npy::FormatOptions &format, bool colouring);
    /** "count, sum, mean, min, max" of the selection (empty when nothing numeric is selected). */
    [[nodiscard]] QString selectionSummary() const;
    /** The leaf field the current column shows (0 for plain arrays). */
    [[nodiscard]] int currentLeaf() const;

signals:
    void statusMessage(const QString &text, int timeout);
    /** Index and value under the cursor. */
    void cursorChanged(const QString &text);
    void selectionSummaryChanged(const QString &text);
    void currentLeafChanged(int leaf);
    /** Colouring was switched on for a member without a known value range. */
    void colourRangeNeeded(int memberId);
    /** "Plot row (\a row true) or column \a index" was chosen in the context menu. */
    void plotLineRequested(bool row, qint64 index);

private:
    void showTable();
    void installContextMenus();
    void showContextMenu(const QPoint &globalPos, qint64 row, qint64 column);
    void fitColumns();
    void showMessage(const QString &text, bool progress);
    void formatControlsChanged();
    void updateCursor();
    void updateSelection();
    QModelIndexList selectedCells(qint64 limit, bool *tooMany) const;

    QPointer<Document> mDocument;
    QPointer<QMenu> mArrayMenu;
    QList<QPointer<QAction>> mExtraActions;
    int mMemberId = -1;
    ArrayTableModel *mModel;
    QStackedWidget *mStack;
    QWidget *mTablePage;
    SliceBar *mSliceBar;
    HugeTableView *mTable;
    FindBar *mFindBar;
    QSpinBox *mPrecision;
    QComboBox *mNotation;
    QCheckBox *mHex;
    QCheckBox *mColour;
    QLabel *mMessage;
    QProgressBar *mLoadProgress;
    QPushButton *mLoadCancel;
    QHash<int, npy::FormatOptions> mFormats;
    QHash<QString, npy::SliceSpec> mSliceByShape;
    bool mUpdatingControls = false;
    QHash<int, QPair<double, double>> mRanges;
};

} // namespace npyw
