#pragma once

#include "stats.h"

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
 * shape, order, strides, sizes, compression ratio, mapped or loaded) and its statistics from
 * the engine (npy::computeStats, shown as npy::statsFields: the same figures `npy-tool stats`
 * prints), computed on a worker with a progress bar and cancel.
 */
class InspectorPanel : public QWidget
{
    Q_OBJECT

public:
    explicit InspectorPanel(Document *document, QWidget *parent = nullptr);
    ~InspectorPanel() override;

    /** Shows member \a id (-1: nothing); statistics are of leaf field \a leaf for record arrays. */
    void showMember(int id, int leaf = 0);
    /**
     * Where the values shown come from when they are no member of a file (a pickle's value, a sparse matrix made
     * from the archive's members): said in the Compression row instead of "none yet (not saved)".
     */
    void setOrigin(const QString &origin);
    void startStatistics();
    void cancelStatistics();
    [[nodiscard]] bool isComputing() const { return mRunning != nullptr; }
    [[nodiscard]] QString metadataText() const;
    [[nodiscard]] QString statisticsText() const;
    /** The figures of the last finished statistics (empty before, and while computing). */
    [[nodiscard]] QList<npy::StatsField> statisticsFields() const { return mFields; }

signals:
    /** Statistics of member \a id finished (not sent when cancelled). */
    void statisticsReady(int id, const npy::ArrayStats &stats);

private:
    void updateMetadata();

    QPointer<Document> mDocument;
    int mMemberId = -1;
    int mLeaf = 0;
    /** Why the shown member's load failed, if it did. */
    QString mLoadError;
    QString mOrigin;
    QLabel *mMeta;
    QLabel *mStats;
    QProgressBar *mProgress;
    QPushButton *mCancel;
    QPushButton *mCompute;
    std::shared_ptr<std::atomic_bool> mRunning;
    int mGeneration = 0;
    QList<npy::StatsField> mFields;
};

} // namespace npyw
