#pragma once

#include <QImage>
#include <QString>

namespace npyw {

/**
 * Writes \a image as a PNG at \a path through a QSaveFile: a file already there is replaced only by a whole new
 * one, never truncated by a failure. False with \a why (the writer's or the file's error) on failure.
 */
bool savePng(const QImage &image, const QString &path, QString *why);

} // namespace npyw
