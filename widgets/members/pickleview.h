#pragma once

#include "arraypane.h"
#include "arrayviews.h"
#include "document.h"
#include "npyarray.h"
#include "pickle.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QAbstractItemView;
class QLabel;
class QPushButton;
class QSplitter;

namespace npyw {

class HeatmapView;
class InspectorPanel;

/**
 * Shows one value read from a pickled member (as data, never executed), read-only, the way the
 * main window shows a member: its table (an ArrayPane over a private document holding
 * pickleTableArray() of the value; a 0-d object array shows its element) beside its heatmap and
 * plot (ArrayViews). Edits are refused. An ndarray inside can be exported as a `.npy` file,
 * byte-identical to `np.save` of it. A refused pickle shows why.
 *
 * The main window holds one in place of its member panes (showPickleItem() finds it); elsewhere
 * showPickleItem() makes one as a tool window.
 */
class PickleView : public QWidget
{
    Q_OBJECT

public:
    explicit PickleView(QWidget *parent = nullptr);
    ~PickleView() override;

    /** Shows value \a node of \a tree, titled \a title; or \a error when the pickle was refused. */
    void showItem(const QString &title, std::shared_ptr<const npy::PickleTree> tree, qint32 node,
                  const QString &error = QString());
    /**
     * Shows \a array (not a pickle's: a matrix the archive's members make, say), titled \a title, with
     * \a description under the title; read-only. Export writes it as a `.npy`.
     */
    void showArray(const QString &title, const QString &description, const npy::NpyArray &array);
    /** Says that \a title is being read (on a worker) and shows nothing yet. */
    void showReading(const QString &title);
    [[nodiscard]] QString headerText() const;
    /** The table of the value shown (nullptr when nothing is shown). */
    [[nodiscard]] ArrayPane *pane() const { return mPane; }
    /** The heatmap and plot tabs beside the table (nullptr when nothing is shown). */
    [[nodiscard]] ArrayViews *views() const { return mViews; }
    [[nodiscard]] HeatmapView *heatmap() const;
    /**
     * The inspector of the value shown (its metadata and statistics: a sparse matrix's count its zeros), made
     * afresh with each value and owned by this view until a window puts it in its inspector dock (then the dock
     * owns it; it is deleted with the next value either way). nullptr when nothing is shown.
     */
    [[nodiscard]] InspectorPanel *inspector() const;
    /** The splitter holding pane() and views(). */
    [[nodiscard]] QSplitter *splitter() const { return mSplitter; }
    /** True when the value shown is an ndarray of plain values (or a showArray() array), which exportArray() can write. */
    [[nodiscard]] bool canExport() const;
    /** Writes the ndarray shown to \a path as np.save would (through QSaveFile). */
    bool exportArray(const QString &path, QString *error = nullptr);

signals:
    /** A new value got fresh panes and a fresh inspector(). */
    void panesReset();
    /** The pane's and the views' status texts, for a status bar (as ArrayPane and ArrayViews give them). */
    void statusMessage(const QString &text, int timeout);
    void cursorChanged(const QString &text);
    void selectionSummaryChanged(const QString &text);
    void hovered(const QString &text);

private:
    void promptExport();
    /** A fresh private document, table and views for the next value (the old ones are deleted). */
    void resetPanes();

    QLabel *mHeader;
    QSplitter *mSplitter;
    QPushButton *mExport;
    QPointer<Document> mDocument;
    QPointer<ArrayPane> mPane;
    QPointer<ArrayViews> mViews;
    QPointer<InspectorPanel> mInspector;
    std::shared_ptr<const npy::PickleTree> mTree;
    qint32 mNode = -1;
    /** The array showArray() shows (null for a pickle's value). */
    npy::NpyArray mArray;
    QString mTitle;
};

/**
 * For the browser of \a window: when \a index (of \a view, whose model is a MemberModel) is a
 * pickled member or a value inside one, shows it in the window's PickleView (the one among its
 * children named "pickleView", else a tool window made on first use and shown). A member not read
 * yet is read on a worker and shown when read if the row is still current. Returns that view, or
 * nullptr when the row is not about a pickle.
 */
PickleView *showPickleItem(QWidget *window, QAbstractItemView *view, const QModelIndex &index);

/**
 * Gives \a view (showing a MemberModel) a context menu on ndarrays inside pickled members:
 * "Export Value as .npy…". Only when the view has no context menu of its own.
 */
void installPickleExport(QAbstractItemView *view);

/**
 * When the row at \a pos of \a view (showing a MemberModel) is an ndarray inside a pickled member,
 * shows the menu installPickleExport() gives it and returns true; false for any other row.
 */
bool execPickleValueMenu(QAbstractItemView *view, const QPoint &pos);

} // namespace npyw
