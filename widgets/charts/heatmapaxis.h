#pragma once

#include <QList>
#include <QString>
#include <QWidget>

namespace npyw {

/**
 * One axis of a heatmap, drawn beside its canvas: the rows' axis left of it (labels right-aligned against the
 * canvas, the title turned along the left edge), the columns' axis under it (labels centred under their ticks,
 * the title at the right end). It draws the marks it is given, where they are given: their positions are pixels
 * along the canvas (the axis shares the canvas' rows or columns of the layout). A label that would overlap the
 * one drawn before it, or the title, is left out.
 */
class HeatmapAxis : public QWidget
{
    Q_OBJECT

public:
    /** A tick: where (pixels along the canvas) and what it says. */
    struct Mark
    {
        double pixel = 0.0;
        QString label;
    };

    /** Qt::Vertical: the rows' axis (left of the canvas); Qt::Horizontal: the columns' axis (under it). */
    explicit HeatmapAxis(Qt::Orientation orientation, QWidget *parent = nullptr);

    /** Draws \a marks and \a title (empty: none); a vertical axis widens to fit its labels. */
    void setMarks(const QList<Mark> &marks, const QString &title);
    [[nodiscard]] const QList<Mark> &marks() const { return mMarks; }
    [[nodiscard]] const QString &title() const { return mTitle; }
    /** The labels drawn (those that did not overlap), in order along the axis. */
    [[nodiscard]] QStringList drawnLabels() const;
    /** Where this axis draws its labels along the canvas: the pixel offset of the canvas in this widget. */
    void setOffset(int offset);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    /** The label rectangles that fit, one per mark (empty rectangle: left out). */
    [[nodiscard]] QList<QRect> layoutLabels() const;
    [[nodiscard]] QRect titleRect() const;

    Qt::Orientation mOrientation;
    QList<Mark> mMarks;
    QString mTitle;
    int mOffset = 0;
};

} // namespace npyw
