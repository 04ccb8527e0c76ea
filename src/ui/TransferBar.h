#pragma once
// One running import under the project tree: what it copies, a determinate bar and Cancel. It
// owns the progress channel the operation reports to; the window stays usable meanwhile.

#include "ProgressChannel.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace hawkmoth {

class TransferBar : public QWidget
{
    Q_OBJECT

public:
    TransferBar(const QString &what, QWidget *parent = nullptr);

    // The control to hand to the operation (cancel and progress).
    OperationControl control() const { return m_channel->control(); }
    bool isCancelled() const { return m_cancelled; }

private:
    void showProgress(const Progress &p);

    QString m_what;
    ProgressChannel *m_channel;
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
    bool m_cancelled = false;
};

} // namespace hawkmoth
