#pragma once

#include <QString>

#include <functional>

class QObject;

namespace npyw {
class Document;
}

/**
 * `npy-inspector -`: an array or archive read from a stream (standard input, or any file descriptor), so that a
 * script can show an array without writing a file of its own (MainWindow::openStandardInput() shows it).
 *
 * The stream is copied on a worker thread into a private temporary file (deleted when the program ends), which is
 * then opened on a worker as a file is, into a document named by Document::setStreamName(): its filePath() is
 * empty, so Save asks for a name. A stream that is empty or starts with neither NumPy's `.npy` magic nor a ZIP
 * header is refused with a message that says so; messages name the stream, never the private copy.
 */
namespace StdinInput {

/**
 * Starts reading \a fd (0: standard input) to its end, then opening what it held. Calls \a done on \a context's
 * thread with the document (parented to \a context) called \a name, or with null and why; never when \a context
 * is gone first. Takes ownership of \a fd unless it is 0.
 */
void open(int fd, const QString &name, QObject *context,
          std::function<void(npyw::Document *document, const QString &error)> done);

} // namespace StdinInput
