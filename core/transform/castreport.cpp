#include "castreport.h"

#include <QCoreApplication>
#include <QStringList>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::CastReport)
};

} // namespace

void CastReport::note(CastChange change, qint64 position)
{
    switch (change) {
    case CastChange::None:
        return;
    case CastChange::Overflow: ++overflow; break;
    case CastChange::NaN: ++nan; break;
    case CastChange::Infinity: ++infinity; break;
    case CastChange::Imaginary: ++imaginary; break;
    case CastChange::Precision: ++precision; break;
    case CastChange::Cut: ++cut; break;
    }
    if (firstPosition < 0 || position < firstPosition) {
        firstPosition = position;
        firstChange = change;
    }
}

void CastReport::merge(const CastReport &other)
{
    count += other.count;
    overflow += other.overflow;
    nan += other.nan;
    infinity += other.infinity;
    imaginary += other.imaginary;
    precision += other.precision;
    cut += other.cut;
    if (other.firstPosition >= 0 && (firstPosition < 0 || other.firstPosition < firstPosition)) {
        firstPosition = other.firstPosition;
        firstChange = other.firstChange;
    }
}

QString CastReport::changeName(CastChange change)
{
    switch (change) {
    case CastChange::None: return QString();
    case CastChange::Overflow: return Tr::tr("out of range");
    case CastChange::NaN: return Tr::tr("NaN to integer");
    case CastChange::Infinity: return Tr::tr("infinity to integer");
    case CastChange::Imaginary: return Tr::tr("imaginary part dropped");
    case CastChange::Precision: return Tr::tr("rounded");
    case CastChange::Cut: return Tr::tr("cut short");
    }
    return QString();
}

QString CastReport::summary() const
{
    QStringList parts;
    if (nan)
        parts << Tr::tr("%L1 NaN to integer").arg(nan);
    if (infinity)
        parts << Tr::tr("%L1 infinite to integer").arg(infinity);
    if (overflow)
        parts << Tr::tr("%L1 out of range").arg(overflow);
    if (imaginary)
        parts << Tr::tr("%L1 losing an imaginary part").arg(imaginary);
    if (precision)
        parts << Tr::tr("%L1 rounded").arg(precision);
    if (cut)
        parts << (cut == 1 ? Tr::tr("1 string cut short") : Tr::tr("%L1 strings cut short").arg(cut));
    return parts.join(QStringLiteral(", "));
}

} // namespace npy
