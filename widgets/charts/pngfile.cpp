#include "pngfile.h"

#include <QImageWriter>
#include <QSaveFile>

namespace npyw {

bool savePng(const QImage &image, const QString &path, QString *why)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *why = file.errorString();
        return false;
    }
    QImageWriter writer(&file, "png");
    if (!writer.write(image)) {
        *why = writer.errorString().isEmpty() ? file.errorString() : writer.errorString();
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        *why = file.errorString();
        return false;
    }
    return true;
}

} // namespace npyw
