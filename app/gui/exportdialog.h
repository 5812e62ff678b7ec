#pragma once

#include "deflate.h"
#include "exportworkflow.h"

#include <QDialog>

class QButtonGroup;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

/**
 * File > Export…: what to export (the selected members to a folder or a new archive, the table's
 * slice or selection as CSV) and where. Only asks; MainWindow::exportTo() does the work.
 */
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    /**
     * \a members: keys of the selected array members; \a sliceText describes the table's slice
     * (empty: no slice can be exported); \a selectionCells: cells selected in the table; \a basePath the open
     * file without its suffix; \a tableMember the member the table shows (a CSV is named FILE_MEMBER.csv).
     * The folder offered is the one the last export went to (kept in the settings), else the file's.
     */
    ExportDialog(const QStringList &members, const QString &sliceText, qint64 selectionCells,
                 const QString &basePath, const QString &tableMember = QString(), QWidget *parent = nullptr);

    /** Remembers the folder of the path chosen for the next export, then closes. */
    void accept() override;
    /** The settings key of the folder remembered. */
    static constexpr const char *kFolderKey = "export/folder";

    [[nodiscard]] npyw::ExportWorkflow::Kind kind() const;
    void setKind(npyw::ExportWorkflow::Kind kind);
    [[nodiscard]] QString path() const;
    void setPath(const QString &path);
    /** The compression level chosen for a compressed archive (Default for any other kind). */
    [[nodiscard]] npy::CompressionLevel level() const;
    void setLevel(npy::CompressionLevel level);

private:
    void kindChanged();
    void browse();

    QButtonGroup *mKinds;
    QLineEdit *mPath;
    QLabel *mPathLabel;
    QLabel *mLevelLabel;
    QComboBox *mLevel;
    QDialogButtonBox *mButtons;
    QString mBaseName;
    QString mCsvName;
    QString mDir;
};
