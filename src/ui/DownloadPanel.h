#pragma once
// What an editor tab shows while a remote-only file downloads: its progress in bytes and a
// Cancel button; or, once something went wrong, the reason and a Retry button.

#include "Cancellation.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace hawkmoth {

class DownloadPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DownloadPanel(QWidget *parent = nullptr);

    void start(const QString &path);
    void setProgress(const Progress &progress);
    // A failed (or cancelled) load: the message and a Retry button instead of the bar.
    void showFailure(const QString &message);
    QProgressBar *progressBar() const { return m_bar; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *retryButton() const { return m_retry; }
    QString message() const;

Q_SIGNALS:
    void cancelRequested();
    void retryRequested();

private:
    QLabel *m_label;
    QProgressBar *m_bar;
    QPushButton *m_cancel;
    QPushButton *m_retry;
};

} // namespace hawkmoth
