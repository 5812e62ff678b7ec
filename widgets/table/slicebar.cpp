#include "slicebar.h"

#include "dtype.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace npyw {

SliceBar::SliceBar(QWidget *parent) : QWidget(parent)
{
    // The axes and their indexes on a row of their own, so that an N-d array does not make the pane wider.
    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(4, 2, 4, 2);
    rows->setSpacing(2);
    auto *layout = new QHBoxLayout;
    layout->setContentsMargins(0, 0, 0, 0);
    rows->addLayout(layout);
    mRowBox = new QComboBox(this);
    mRowBox->setObjectName(QStringLiteral("rowAxis"));
    mColBox = new QComboBox(this);
    mColBox->setObjectName(QStringLiteral("columnAxis"));
    mSwap = new QToolButton(this);
    mSwap->setText(QStringLiteral("⇄"));
    mSwap->setToolTip(tr("Swap the row and column axes"));
    mFieldLabel = new QLabel(tr("Field:"), this);
    mFieldBox = new QComboBox(this);
    mFieldBox->setObjectName(QStringLiteral("field"));
    // Never cut an entry ("axis 1 (6" for "axis 1 (640)"): each combo is as wide as its longest.
    for (QComboBox *box : {mRowBox, mColBox, mFieldBox})
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    mAxes = new QWidget(this);
    mAxesLayout = new QHBoxLayout(mAxes);
    mAxesLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Rows:"), this));
    layout->addWidget(mRowBox);
    layout->addWidget(mSwap);
    layout->addWidget(new QLabel(tr("Columns:"), this));
    layout->addWidget(mColBox);
    layout->addWidget(mFieldLabel);
    layout->addWidget(mFieldBox);
    layout->addStretch(1);
    rows->addWidget(mAxes);

    connect(mRowBox, &QComboBox::currentIndexChanged, this, &SliceBar::fromControls);
    connect(mColBox, &QComboBox::currentIndexChanged, this, &SliceBar::fromControls);
    connect(mFieldBox, &QComboBox::currentIndexChanged, this, &SliceBar::fromControls);
    connect(mSwap, &QToolButton::clicked, this, &SliceBar::swapAxes);
}

void SliceBar::setArray(const npy::NpyHeader &header, const npy::SliceSpec &spec)
{
    mHeader = header;
    mSpec = spec.isValidFor(header) ? spec : npy::SliceSpec::defaultFor(header);
    const bool isStruct = header.dtype.kind == npy::Kind::Struct;
    mUseful = header.shape.size() >= 2 || (isStruct && !header.shape.isEmpty());
    rebuild();
}

void SliceBar::setSpec(const npy::SliceSpec &spec)
{
    if (!spec.isValidFor(mHeader) || spec == mSpec)
        return;
    mSpec = spec;
    rebuild();
    emit sliceChanged(mSpec);
}

QSpinBox *SliceBar::spinBox(int axis) const
{
    return mSpins.value(axis);
}

void SliceBar::rebuild()
{
    mUpdating = true;
    const int n = int(mHeader.shape.size());
    const bool isStruct = mHeader.dtype.kind == npy::Kind::Struct;
    mRowBox->clear();
    mColBox->clear();
    mColBox->addItem(isStruct && mSpec.field < 0 ? tr("fields") : tr("none"), -1);
    for (int a = 0; a < n; ++a) {
        const QString text = tr("axis %1 (%2)").arg(a).arg(mHeader.shape[a]);
        mRowBox->addItem(text, a);
        mColBox->addItem(text, a);
    }
    mRowBox->setCurrentIndex(mRowBox->findData(mSpec.rowAxis));
    mColBox->setCurrentIndex(mColBox->findData(mSpec.colAxis));
    mColBox->setEnabled(!(isStruct && mSpec.field < 0));
    mSwap->setEnabled(mSpec.colAxis >= 0);

    mFieldBox->clear();
    mFieldLabel->setVisible(isStruct);
    mFieldBox->setVisible(isStruct);
    if (isStruct) {
        mFieldBox->addItem(tr("(all fields as columns)"), -1);
        const QList<npy::LeafColumn> leaves = npy::leafColumns(mHeader.dtype);
        for (qsizetype i = 0; i < leaves.size(); ++i)
            mFieldBox->addItem(leaves[i].name, int(i));
        mFieldBox->setCurrentIndex(mFieldBox->findData(mSpec.field));
    }

    qDeleteAll(mAxisWidgets);
    mAxisWidgets.clear();
    mSpins = QList<QSpinBox *>(n, nullptr);
    for (int a = 0; a < n; ++a) {
        if (a == mSpec.rowAxis || a == mSpec.colAxis)
            continue;
        auto *w = new QWidget(mAxes);
        auto *l = new QHBoxLayout(w);
        l->setContentsMargins(0, 0, 6, 0);
        l->addWidget(new QLabel(tr("axis %1:").arg(a), w));
        auto *spin = new QSpinBox(w);
        spin->setObjectName(QStringLiteral("axis%1").arg(a));
        const int max = int(qMin<qint64>(INT_MAX, qMax<qint64>(0, mHeader.shape[a] - 1)));
        spin->setRange(0, max);
        spin->setValue(int(qMin<qint64>(INT_MAX, mSpec.index.value(a))));
        spin->setSuffix(tr(" / %1").arg(mHeader.shape[a]));
        auto *slider = new QSlider(Qt::Horizontal, w);
        slider->setRange(0, max);
        slider->setValue(spin->value());
        slider->setMinimumWidth(40);
        slider->setMaximumWidth(200);
        connect(slider, &QSlider::valueChanged, spin, &QSpinBox::setValue);
        connect(spin, &QSpinBox::valueChanged, slider, &QSlider::setValue);
        connect(spin, &QSpinBox::valueChanged, this, &SliceBar::fromControls);
        l->addWidget(spin);
        l->addWidget(slider);
        mAxesLayout->addWidget(w);
        mAxisWidgets.append(w);
        mSpins[a] = spin;
    }
    mAxes->setVisible(!mAxisWidgets.isEmpty());
    // A squeezed bar must not cut the axis names: the combos keep their full width.
    for (QComboBox *box : {mRowBox, mColBox, mFieldBox})
        box->setMinimumWidth(box->sizeHint().width());
    mUpdating = false;
}

void SliceBar::fromControls()
{
    if (mUpdating)
        return;
    npy::SliceSpec s = mSpec;
    const int n = int(mHeader.shape.size());
    const bool isStruct = mHeader.dtype.kind == npy::Kind::Struct;
    const int field = isStruct ? mFieldBox->currentData().toInt() : -1;
    if (sender() == mRowBox) {
        s.rowAxis = mRowBox->currentData().toInt();
        if (s.rowAxis == mSpec.colAxis)
            s.colAxis = mSpec.rowAxis; // picking the column axis swaps the two
    } else if (sender() == mColBox) {
        s.colAxis = mColBox->currentData().toInt();
        if (s.colAxis >= 0 && s.colAxis == mSpec.rowAxis) {
            s.rowAxis = mSpec.colAxis;
            for (int a = 0; s.rowAxis < 0 && a < n; ++a) {
                if (a != s.colAxis)
                    s.rowAxis = a;
            }
        }
    } else if (sender() == mFieldBox) {
        if (field < 0) {
            s.colAxis = -1;
        } else if (s.colAxis < 0 && n >= 2) {
            // Picking one field of an N-d record array shows it as a 2-D table.
            s.rowAxis = n - 2;
            s.colAxis = n - 1;
        }
    }
    if (isStruct && field < 0)
        s.colAxis = -1;
    s.field = field;
    for (int a = 0; a < mSpins.size(); ++a) {
        if (mSpins[a])
            s.index[a] = mSpins[a]->value();
    }
    if (s.rowAxis == s.colAxis)
        s.colAxis = -1;
    if (s == mSpec)
        return;
    if (!s.isValidFor(mHeader)) {
        // Put the controls back; not from inside the signal of a control that rebuild() deletes.
        QMetaObject::invokeMethod(this, &SliceBar::rebuild, Qt::QueuedConnection);
        return;
    }
    const bool axesChanged = s.rowAxis != mSpec.rowAxis || s.colAxis != mSpec.colAxis || s.field != mSpec.field;
    mSpec = s;
    if (axesChanged)
        QMetaObject::invokeMethod(this, &SliceBar::rebuild, Qt::QueuedConnection);
    emit sliceChanged(mSpec);
}

void SliceBar::swapAxes()
{
    if (mSpec.colAxis < 0)
        return;
    npy::SliceSpec s = mSpec;
    std::swap(s.rowAxis, s.colAxis);
    setSpec(s);
}

} // namespace npyw
