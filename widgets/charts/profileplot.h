#pragma once

#include "axislabels.h"
#include "profile.h"

#include <QWidget>

#include <functional>
#include <memory>

namespace npyw {

/**
 * The plot of a heatmap's profile (npy::Profile): its values against the position along it, a line broken at NaN
 * (every point drawn: where points are denser than pixels, each pixel column shows their extremes), the value axis
 * fitted to the finite values. The position axis is ticked by the slice's labels for a row or column (indexes, or a
 * coordinate's values) and by the distance in elements for a free line. The top line says the caption (the
 * profile's title); hovering marks the nearest point, says what it is there instead (pointText()) and emits
 * pointHovered(). Reads no element: the values come computed.
 */
class ProfilePlot : public QWidget
{
    Q_OBJECT

public:
    explicit ProfilePlot(QWidget *parent = nullptr);

    /**
     * Plots \a profile; a row's or column's positions are labelled by \a labels (the columns' or the rows' of the
     * slice), the axis named \a axisName ("column", "lon", "distance").
     */
    void setProfile(std::shared_ptr<const npy::Profile> profile, const AxisLabels &labels, const QString &axisName);
    /** Shows \a message instead of a plot (and forgets the profile). */
    void setMessage(const QString &message);
    [[nodiscard]] QString message() const { return mMessage; }
    [[nodiscard]] const std::shared_ptr<const npy::Profile> &profile() const { return mProfile; }
    /** What the top line says while no point is hovered (the profile's title). */
    void setCaption(const QString &caption);
    [[nodiscard]] QString caption() const { return mCaption; }
    /** What the top line says of point \a i (the hover text); set by the owner, "[i] = value" otherwise. */
    void setPointText(std::function<QString(qint64 i)> text) { mPointText = std::move(text); }
    [[nodiscard]] QString pointText(qint64 i) const;
    /** The point hovered (-1: none). */
    [[nodiscard]] qint64 hoveredPoint() const { return mHover; }
    /** Where the values are drawn: the widget less the axes' margins. */
    [[nodiscard]] QRect plotArea() const;
    /** The widget x of position \a position (a point's positions[] value), and the point nearest widget x \a x. */
    [[nodiscard]] double xToPixel(double position) const;
    [[nodiscard]] qint64 pointAt(double x) const;
    /** The value axis's range and the position axis's range drawn. */
    [[nodiscard]] QRectF viewRange() const { return mView; }
    [[nodiscard]] QSize sizeHint() const override { return QSize(400, 130); }

signals:
    /** Point \a index is hovered (-1: the mouse left the plot). */
    void pointHovered(qint64 index);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    [[nodiscard]] double yToPixel(double value) const;
    [[nodiscard]] int leftMargin() const;
    void paintSeries(QPainter &p, const QRect &area) const;
    void setHover(qint64 i);

    std::shared_ptr<const npy::Profile> mProfile;
    AxisLabels mLabels;
    QString mAxisName;
    QString mMessage;
    QString mCaption;
    std::function<QString(qint64)> mPointText;
    /** x: positions, y: values (bottom to top). */
    QRectF mView;
    qint64 mHover = -1;
    /** plotArea() for mAreaSize and mAreaView. */
    mutable QRect mArea;
    mutable QSize mAreaSize;
    mutable QRectF mAreaView;
};

} // namespace npyw
