#include "newmemberdialog.h"

#include "document.h"
#include "membermodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <limits>

using npy::MakeKind;

NewMemberDialog::NewMemberDialog(const npyw::Document *document, qint64 maxBytes, QWidget *parent)
    : QDialog(parent), mDocument(document), mMaxBytes(maxBytes), mForm(new QFormLayout), mName(new QLineEdit),
      mKind(new QComboBox), mDType(new QComboBox), mShape(new QLineEdit), mValue(new QLineEdit),
      mStart(new QLineEdit), mStop(new QLineEdit), mStep(new QLineEdit), mNum(new QLineEdit),
      mEndpoint(new QCheckBox(tr("Include stop (endpoint=True)"))), mN(new QLineEdit), mCall(new QLabel),
      mPreview(new QLabel), mError(new QLabel),
      mButtons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("New Member"));
    setObjectName(QStringLiteral("newMemberDialog"));
    mName->setObjectName(QStringLiteral("name"));
    mName->setText(document ? document->uniqueKey(QStringLiteral("new")) : QStringLiteral("new"));
    const std::pair<MakeKind, QString> kinds[] = {
        {MakeKind::Zeros, tr("zeros — every element 0")},
        {MakeKind::Ones, tr("ones — every element 1")},
        {MakeKind::Full, tr("full — every element one value")},
        {MakeKind::Arange, tr("arange — start, start + step, … before stop")},
        {MakeKind::Linspace, tr("linspace — num values from start to stop")},
        {MakeKind::Identity, tr("identity — n × n, ones on the diagonal")},
    };
    for (const auto &k : kinds)
        mKind->addItem(k.second, int(k.first));
    mDType->setEditable(true);
    mDType->addItems({QStringLiteral("float64"), QStringLiteral("float32"), QStringLiteral("float16"),
                      QStringLiteral("int64"), QStringLiteral("int32"), QStringLiteral("int16"),
                      QStringLiteral("int8"), QStringLiteral("uint8"), QStringLiteral("uint16"),
                      QStringLiteral("bool"), QStringLiteral("complex128"), QStringLiteral("complex64"),
                      QStringLiteral("'S8'"), QStringLiteral("'U8'"), QStringLiteral("datetime64[s]"),
                      QStringLiteral("datetime64[D]"), QStringLiteral("timedelta64[ms]")});
    mDType->setToolTip(tr("As NumPy names it: float32, '<i4', 'int16', bool, complex128, 'S8', 'U4', "
                          "datetime64[s]…"));
    mShape->setText(QStringLiteral("(3, 4)"));
    mShape->setPlaceholderText(tr("(3, 4), 5 or ()"));
    mValue->setPlaceholderText(tr("1.5, -3, 1+2j, True, nan, text, 2020-01-31"));
    mStart->setPlaceholderText(QStringLiteral("0"));
    mStop->setText(QStringLiteral("10"));
    mStep->setPlaceholderText(QStringLiteral("1"));
    mNum->setPlaceholderText(QStringLiteral("50"));
    mEndpoint->setChecked(true);
    mN->setText(QStringLiteral("3"));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mCall->setFont(fixed);
    mCall->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mCall->setWordWrap(true);
    mPreview->setFont(fixed);
    mPreview->setWordWrap(true);
    mPreview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mError->setWordWrap(true);
    mError->setStyleSheet(QStringLiteral("color: #b00020"));

    mForm->addRow(tr("&Name:"), mName);
    mForm->addRow(tr("&Kind:"), mKind);
    mForm->addRow(tr("&DType:"), mDType);
    mForm->addRow(tr("&Shape:"), mShape);
    mForm->addRow(tr("&Value:"), mValue);
    mForm->addRow(tr("S&tart:"), mStart);
    mForm->addRow(tr("St&op:"), mStop);
    mForm->addRow(tr("St&ep:"), mStep);
    mForm->addRow(tr("N&um:"), mNum);
    mForm->addRow(QString(), mEndpoint);
    mForm->addRow(tr("&n:"), mN);
    mForm->addRow(tr("NumPy:"), mCall);
    mForm->addRow(tr("Values:"), mPreview);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(mForm);
    layout->addWidget(mError);
    layout->addStretch(1);
    layout->addWidget(mButtons);
    connect(mButtons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(mButtons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *e : {mName, mShape, mValue, mStart, mStop, mStep, mNum, mN})
        connect(e, &QLineEdit::textChanged, this, &NewMemberDialog::validate);
    connect(mDType, &QComboBox::currentTextChanged, this, &NewMemberDialog::validate);
    connect(mEndpoint, &QCheckBox::toggled, this, &NewMemberDialog::validate);
    connect(mKind, &QComboBox::currentIndexChanged, this, &NewMemberDialog::kindChanged);
    setMinimumWidth(520);
    kindChanged();
}

QString NewMemberDialog::key() const
{
    return mName->text();
}

npy::MakeSpec NewMemberDialog::spec() const
{
    npy::MakeSpec s;
    s.kind = MakeKind(mKind->currentData().toInt());
    s.dtype = mDType->currentText();
    s.shape = mShape->text();
    s.value = mValue->text();
    s.start = mStart->text();
    s.stop = mStop->text();
    s.step = mStep->text();
    s.num = mNum->text();
    s.endpoint = mEndpoint->isChecked();
    s.n = mN->text();
    return s;
}

void NewMemberDialog::setSpec(const QString &key, const npy::MakeSpec &spec)
{
    mName->setText(key);
    mDType->setCurrentText(spec.dtype);
    mShape->setText(spec.shape);
    mValue->setText(spec.value);
    mStart->setText(spec.start);
    mStop->setText(spec.stop);
    mStep->setText(spec.step);
    mNum->setText(spec.num);
    mEndpoint->setChecked(spec.endpoint);
    mN->setText(spec.n);
    mKind->setCurrentIndex(mKind->findData(int(spec.kind)));
    kindChanged();
}

void NewMemberDialog::kindChanged()
{
    const MakeKind kind = MakeKind(mKind->currentData().toInt());
    const bool filled = kind == MakeKind::Zeros || kind == MakeKind::Ones || kind == MakeKind::Full;
    const bool range = kind == MakeKind::Arange || kind == MakeKind::Linspace;
    mForm->setRowVisible(mShape, filled);
    mForm->setRowVisible(mValue, kind == MakeKind::Full);
    mForm->setRowVisible(mStart, range);
    mForm->setRowVisible(mStop, range);
    mForm->setRowVisible(mStep, kind == MakeKind::Arange);
    mForm->setRowVisible(mNum, kind == MakeKind::Linspace);
    mForm->setRowVisible(mEndpoint, kind == MakeKind::Linspace);
    mForm->setRowVisible(mN, kind == MakeKind::Identity);
    // linspace's bounds are numbers; arange of dates takes dates: the placeholder follows the kind.
    mStart->setPlaceholderText(kind == MakeKind::Arange ? QStringLiteral("0") : QString());
    if (kind == MakeKind::Linspace && mStart->text().isEmpty())
        mStart->setText(QStringLiteral("0"));
    validate();
}

void NewMemberDialog::validate()
{
    QString error = mDocument ? mDocument->keyProblem(mName->text()) : QString();
    const npy::Result<npy::ArrayMaker> maker = npy::ArrayMaker::create(spec(), mMaxBytes);
    if (maker) {
        const npy::NpyHeader &h = maker->header();
        mCall->setText(maker->expression());
        mPreview->setText(tr("%1\n%n value(s), %2", nullptr, int(qMin<qint64>(h.elementCount, std::numeric_limits<int>::max())))
                              .arg(maker->preview(8), npyw::MemberModel::sizeText(h.dataBytes)));
    } else {
        mCall->clear();
        mPreview->clear();
        if (error.isEmpty())
            error = maker.error();
    }
    mError->setText(error);
    mError->setVisible(!error.isEmpty());
    mButtons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

QString NewMemberDialog::previewText() const
{
    return mPreview->text();
}

QString NewMemberDialog::errorText() const
{
    return mError->text();
}

bool NewMemberDialog::isAcceptable() const
{
    return mButtons->button(QDialogButtonBox::Ok)->isEnabled();
}
