#pragma once

#include "arraymaker.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace npyw {
class Document;
}

/**
 * Edit > New Member…: a name, the NumPy function (zeros, ones, full, arange, linspace, identity), a dtype and a
 * shape as NumPy writes them, and the function's arguments. Checked as the user types: the line under the form
 * shows the NumPy call, the first values and the size, or what is wrong (NumPy's words), and OK waits for a
 * valid member.
 */
class NewMemberDialog : public QDialog
{
    Q_OBJECT

public:
    /** For a new member of \a document, refusing arrays of more than \a maxBytes. */
    NewMemberDialog(const npyw::Document *document, qint64 maxBytes, QWidget *parent = nullptr);

    [[nodiscard]] QString key() const;
    /** What the form says. */
    [[nodiscard]] npy::MakeSpec spec() const;
    /** Fills the form from \a spec (the fields of its kind), and the name from \a key. */
    void setSpec(const QString &key, const npy::MakeSpec &spec);
    /** The preview line, or why the member cannot be made. */
    [[nodiscard]] QString previewText() const;
    [[nodiscard]] QString errorText() const;
    /** True when OK is enabled. */
    [[nodiscard]] bool isAcceptable() const;

private:
    void kindChanged();
    void validate();

    const npyw::Document *mDocument;
    qint64 mMaxBytes;
    QFormLayout *mForm;
    QLineEdit *mName;
    QComboBox *mKind;
    QComboBox *mDType;
    QLineEdit *mShape;
    QLineEdit *mValue;
    QLineEdit *mStart;
    QLineEdit *mStop;
    QLineEdit *mStep;
    QLineEdit *mNum;
    QCheckBox *mEndpoint;
    QLineEdit *mN;
    QLabel *mCall;
    QLabel *mPreview;
    QLabel *mError;
    QDialogButtonBox *mButtons;
};
