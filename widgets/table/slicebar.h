#pragma once

#include "slicespec.h"

#include <QWidget>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;

namespace npyw {

/**
 * Chooses the 2-D view of an N-d array: the row axis, the column axis (swap them with one
 * click), a spin box with a slider for every other axis, and the field of a record array.
 */
class SliceBar : public QWidget
{
    Q_OBJECT

public:
    explicit SliceBar(QWidget *parent = nullptr);

    /** Shows the controls for an array with \a header, set to \a spec. */
    void setArray(const npy::NpyHeader &header, const npy::SliceSpec &spec);
    [[nodiscard]] const npy::SliceSpec &spec() const { return mSpec; }
    /** Sets the spec (emits sliceChanged() when it differs). */
    void setSpec(const npy::SliceSpec &spec);
    /** True when the array needs the bar (2 or more axes, or a record array). */
    [[nodiscard]] bool isUseful() const { return mUseful; }
    /** The spin box of axis \a axis (nullptr when the axis is shown as rows or columns). */
    [[nodiscard]] QSpinBox *spinBox(int axis) const;
    [[nodiscard]] QComboBox *rowAxisBox() const { return mRowBox; }
    [[nodiscard]] QComboBox *columnAxisBox() const { return mColBox; }
    [[nodiscard]] QComboBox *fieldBox() const { return mFieldBox; }

signals:
    void sliceChanged(const npy::SliceSpec &spec);

private:
    void rebuild();
    void fromControls();
    void swapAxes();

    npy::NpyHeader mHeader;
    npy::SliceSpec mSpec;
    bool mUseful = false;
    bool mUpdating = false;
    QComboBox *mRowBox;
    QComboBox *mColBox;
    QToolButton *mSwap;
    QLabel *mFieldLabel;
    QComboBox *mFieldBox;
    QWidget *mAxes;
    QHBoxLayout *mAxesLayout;
    QList<QSpinBox *> mSpins;
    QList<QWidget *> mAxisWidgets;
};

} // namespace npyw
