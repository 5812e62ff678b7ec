// heatmap_demo: a small window to look at HeatmapView and PlotView by hand (not a test).
//
//   heatmap_demo FILE [--member NAME] [--plot NAME] [--part magnitude|phase|real|imag]
//                [--colormap NAME] [--select R,C,ROWS,COLS] [--zoom FACTOR] [--hover X,Y] [--shot OUT.png]
//
// With --shot it waits for the render, saves a grab of the window and quits.

#include "heatmapview.h"
#include "opensource.h"
#include "plotview.h"
#include "source.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QMouseEvent>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStringList args = QApplication::arguments();
    args.removeFirst();
    auto option = [&](const char *name) {
        const qsizetype i = args.indexOf(QLatin1String(name));
        return i >= 0 && i + 1 < args.size() ? args[i + 1] : QString();
    };
    if (args.isEmpty()) {
        std::fprintf(stderr, "usage: heatmap_demo FILE [--member NAME] [--plot NAME] [--shot OUT.png] ...\n");
        return 2;
    }
    auto source = npy::openSource(args.first());
    if (!source) {
        std::fprintf(stderr, "%s\n", qPrintable(source.error()));
        return 1;
    }
    const npy::Source &src = *source.value();
    auto load = [&](const QString &name) {
        const int i = name.isEmpty() ? 0 : src.indexOf(name);
        auto a = src.load(std::max(0, i));
        return a ? a.value() : npy::NpyArray();
    };

    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *heat = new npyw::HeatmapView;
    auto *plot = new npyw::PlotView;
    layout->addWidget(heat, 3);
    layout->addWidget(plot, 2);

    const npy::NpyArray array = load(option("--member"));
    const QString part = option("--part");
    if (part == QLatin1String("phase"))
        heat->setComplexPart(npy::ComplexPart::Phase);
    else if (part == QLatin1String("real"))
        heat->setComplexPart(npy::ComplexPart::Real);
    else if (part == QLatin1String("imag"))
        heat->setComplexPart(npy::ComplexPart::Imag);
    npy::Colormap map;
    bool reversed = false;
    if (npy::colormapFromName(option("--colormap"), &map, &reversed)) {
        heat->setColormap(map);
        heat->setReversed(reversed);
    }
    heat->setArray(array, npy::SliceSpec::defaultFor(array.header()));
    const QStringList sel = option("--select").split(QLatin1Char(','));
    if (sel.size() == 4)
        heat->setSelection({npy::CellRange{sel[0].toLongLong(), sel[1].toLongLong(), sel[2].toLongLong(),
                                            sel[3].toLongLong()}});

    const QString plotName = option("--plot");
    if (!plotName.isEmpty()) {
        const npy::NpyArray series = load(plotName);
        plot->setSeries(series, npy::SliceSpec::defaultFor(series.header()), npyw::PlotView::Line::Column, 0);
    } else {
        plot->setSeries(array, npy::SliceSpec::defaultFor(array.header()), npyw::PlotView::Line::Row,
                        heat->sliceRows() / 2);
    }
    QObject::connect(heat, &npyw::HeatmapView::cellClicked, plot, [&](qint64 row, qint64) {
        plot->setSeries(array, heat->slice(), npyw::PlotView::Line::Row, row);
    });

    window.resize(1300, 700);
    window.show();
    const QString shot = option("--shot");
    if (!shot.isEmpty()) {
        QTimer::singleShot(300, &window, [&] {
            const double zoom = option("--zoom").toDouble();
            if (zoom > 0)
                heat->zoomAt(zoom, QPointF(heat->canvas()->width() * 0.3, heat->canvas()->height() * 0.4));
            const QStringList hv = option("--hover").split(QLatin1Char(','));
            if (hv.size() == 2) {
                const QPointF pos(hv[0].toDouble(), hv[1].toDouble());
                QMouseEvent move(QEvent::MouseMove, pos, heat->canvas()->mapToGlobal(pos), Qt::NoButton,
                                 Qt::NoButton, Qt::NoModifier);
                QApplication::sendEvent(heat->canvas(), &move);
                QMouseEvent pmove(QEvent::MouseMove, QPointF(plot->width() * 0.5, plot->height() * 0.5),
                                  plot->mapToGlobal(QPointF(plot->width() * 0.5, plot->height() * 0.5)),
                                  Qt::NoButton, Qt::NoButton, Qt::NoModifier);
                QApplication::sendEvent(plot, &pmove);
            }
        });
        QTimer::singleShot(1500, &window, [&] {
            window.grab().save(shot);
            app.quit();
        });
    }
    return app.exec();
}
