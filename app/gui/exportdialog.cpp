#include "exportdialog.h"

#include "export.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QRadioButton>
#include <QVBoxLayout>

using Kind = npyw::ExportWorkflow::Kind;

ExportDialog::ExportDialog(const QStringList &members, const QString &sliceText, qint64 selectionCells,
                           const QString &basePath, const QString &tableMember, QWidget *parent)
    : QDialog(parent), mKinds(new QButtonGroup(this)), mBaseName(QFileInfo(basePath).fileName()),
      mDir(basePath.isEmpty() ? QDir::homePath() : QFileInfo(basePath).absolutePath())
{
    if (mBaseName.isEmpty())
        mBaseName = tr("export");
    // A CSV of the table is named after its member: "FILE_MEMBER.csv" ("a/b" as "a_b").
    mCsvName = mBaseName;
    if (!tableMember.isEmpty())
        mCsvName += QLatin1Char('_') + npy::safeMemberPath(tableMember).replace(QLatin1Char('/'), QLatin1Char('_'));
    // The folder the last export went to, while it exists.
    const QString remembered = QSettings().value(QLatin1String(kFolderKey)).toString();
    if (!remembered.isEmpty() && QFileInfo(remembered).isDir())
        mDir = remembered;
    setWindowTitle(tr("Export"));
    setObjectName(QStringLiteral("exportDialog"));
    auto *layout = new QVBoxLayout(this);

    QString names = members.mid(0, 6).join(QStringLiteral(", "));
    if (members.size() > 6)
        names += tr(", … (%1 in all)").arg(members.size());
    auto *what = new QLabel(members.isEmpty() ? tr("No array member is selected in the browser.")
                                              : tr("Selected members: %1").arg(names),
                            this);
    what->setWordWrap(true);
    layout->addWidget(what);

    auto addKind = [&](Kind kind, const QString &text, bool enabled) {
        auto *b = new QRadioButton(text, this);
        b->setEnabled(enabled);
        mKinds->addButton(b, int(kind));
        layout->addWidget(b);
    };
    const bool haveMembers = !members.isEmpty();
    addKind(Kind::Folder, tr("Selected members to a folder, one NAME.npy file each"), haveMembers);
    addKind(Kind::Npz, tr("Selected members to a new .npz archive"), haveMembers);
    addKind(Kind::NpzCompressed, tr("Selected members to a new compressed .npz archive"), haveMembers);
    // The compression level, under its kind (enabled when that kind is chosen).
    auto *levelRow = new QHBoxLayout;
    mLevelLabel = new QLabel(tr("Compression:"), this);
    mLevel = new QComboBox(this);
    mLevel->setObjectName(QStringLiteral("exportCompression"));
    mLevel->addItem(tr("Fastest (a little larger)"), int(npy::CompressionLevel::Fast));
    mLevel->addItem(tr("Default (as np.savez_compressed)"), int(npy::CompressionLevel::Default));
    mLevel->addItem(tr("Smallest (slower)"), int(npy::CompressionLevel::Best));
    mLevel->setCurrentIndex(1);
    mLevel->setEnabled(false);
    mLevelLabel->setEnabled(false);
    mLevelLabel->setBuddy(mLevel);
    levelRow->addSpacing(24);
    levelRow->addWidget(mLevelLabel);
    levelRow->addWidget(mLevel);
    levelRow->addStretch(1);
    layout->addLayout(levelRow);
    addKind(Kind::SliceCsv,
            sliceText.isEmpty() ? tr("Table slice as CSV (no 1-D or 2-D slice shown)")
                                : tr("Table slice as CSV: %1").arg(sliceText),
            !sliceText.isEmpty());
    addKind(Kind::SelectionCsv,
            selectionCells > 0 ? tr("Selected cells as CSV (%n cell(s); their bounding rectangle)", nullptr,
                                    int(qMin<qint64>(selectionCells, INT_MAX)))
                               : tr("Selected cells as CSV (no cells selected)"),
            selectionCells > 0 && !sliceText.isEmpty());

    auto *row = new QHBoxLayout;
    mPathLabel = new QLabel(this);
    mPath = new QLineEdit(this);
    mPath->setObjectName(QStringLiteral("exportPath"));
    mPath->setMinimumWidth(360);
    auto *browseButton = new QPushButton(tr("Browse…"), this);
    row->addWidget(mPathLabel);
    row->addWidget(mPath, 1);
    row->addWidget(browseButton);
    layout->addSpacing(8);
    layout->addLayout(row);
    mButtons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    mButtons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    layout->addWidget(mButtons);

    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(mButtons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(mButtons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(mKinds, &QButtonGroup::idToggled, this, [this](int, bool on) {
        if (on)
            kindChanged();
    });
    connect(mPath, &QLineEdit::textChanged, this,
            [this]() { mButtons->button(QDialogButtonBox::Ok)->setEnabled(!mPath->text().trimmed().isEmpty()); });
    for (QAbstractButton *b : mKinds->buttons()) {
        if (b->isEnabled()) {
            b->setChecked(true);
            break;
        }
    }
    if (!mKinds->checkedButton())
        mButtons->button(QDialogButtonBox::Ok)->setEnabled(false);
}

Kind ExportDialog::kind() const
{
    return Kind(mKinds->checkedId());
}

void ExportDialog::setKind(Kind kind)
{
    if (QAbstractButton *b = mKinds->button(int(kind)); b && b->isEnabled())
        b->setChecked(true);
}

npy::CompressionLevel ExportDialog::level() const
{
    return kind() == Kind::NpzCompressed ? npy::CompressionLevel(mLevel->currentData().toInt())
                                         : npy::CompressionLevel::Default;
}

void ExportDialog::setLevel(npy::CompressionLevel level)
{
    mLevel->setCurrentIndex(mLevel->findData(int(level)));
}

QString ExportDialog::path() const
{
    return mPath->text().trimmed();
}

void ExportDialog::setPath(const QString &path)
{
    mPath->setText(path);
}

void ExportDialog::kindChanged()
{
    // Keep the folder the user chose; change only the suffix the kind wants.
    mLevel->setEnabled(kind() == Kind::NpzCompressed);
    mLevelLabel->setEnabled(kind() == Kind::NpzCompressed);
    const QString current = path();
    if (!current.isEmpty())
        mDir = QFileInfo(current).absolutePath();
    QString target;
    switch (kind()) {
    case Kind::Folder:
        mPathLabel->setText(tr("Folder:"));
        target = mDir + QLatin1Char('/') + mBaseName;
        break;
    case Kind::Npz:
    case Kind::NpzCompressed:
        mPathLabel->setText(tr("File:"));
        target = mDir + QLatin1Char('/') + mBaseName + QStringLiteral("_export.npz");
        break;
    case Kind::SliceCsv:
    case Kind::SelectionCsv:
        mPathLabel->setText(tr("File:"));
        target = mDir + QLatin1Char('/') + mCsvName + QStringLiteral(".csv");
        break;
    }
    mPath->setText(QDir::toNativeSeparators(target));
}

void ExportDialog::accept()
{
    const QString target = QDir::fromNativeSeparators(path());
    const QString folder = QFileInfo(target).absolutePath();
    if (!target.isEmpty() && QFileInfo(folder).isDir())
        QSettings().setValue(QLatin1String(kFolderKey), folder);
    QDialog::accept();
}

void ExportDialog::browse()
{
    QString chosen;
    if (kind() == Kind::Folder) {
        chosen = QFileDialog::getExistingDirectory(this, tr("Export to Folder"), QFileInfo(path()).absolutePath());
    } else {
        const bool csv = kind() == Kind::SliceCsv || kind() == Kind::SelectionCsv;
        // Overwriting is asked by the export itself, once.
        chosen = QFileDialog::getSaveFileName(this, tr("Export to File"), path(),
                                              csv ? tr("CSV files (*.csv)") : tr("NumPy archives (*.npz)"), nullptr,
                                              QFileDialog::DontConfirmOverwrite);
    }
    if (!chosen.isEmpty())
        mPath->setText(QDir::toNativeSeparators(chosen));
}
