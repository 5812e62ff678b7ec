#pragma once

#include "statistics.h"

#include <QPointer>
#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;

namespace npyw {

class Document;

/**
 * The inspector dock's content: full metadata of the shown member (header version, descr,
 * shape, order, strides, sizes, compression ratio, mapped or loaded) and its statistics (min,
 * max, mean, std, NaN and Inf counts), computed on a worker with a progress bar and cancel.
 */
class InspectorPanel : public QWidget
{
    Q_OBJECT

public:
    explicit InspectorPanel(Document *document, QWidget *parent = nullptr);
    ~InspectorPanel() override;

    /** Shows member \a id (-1: nothing); statistics are of leaf field \a leaf for record arrays. */
    void showMember(int id, int leaf = 0);
    void startStatistics();
    void cancelStatistics();
    [[nodiscard]] bool isComputing() const { return mRunning != nullptr; }
    [[nodiscard]] QString metadataText() const;
    [[nodiscard]] QString statisticsText() const;

signals:
    /** Statistics of member \a id finished (not sent when cancelled). */
    void statisticsReady(int id, const npyw::Stats &stats);

private:
    void updateMetadata();

    QPointer<Document> mDocument;
    int mMemberId = -1;
    int mLeaf = 0;
    QLabel *mMeta;
    QLabel *mStats;
    QProgressBar *mProgress;
    QPushButton *mCancel;
    QPushButton *mCompute;
    std::shared_ptr<std::atomic_bool> mRunning;
    int mGeneration = 0;
};

} // namespace npyw
