#include "DownloadPanel.h"

#include "AmountText.h"
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace hawkmoth {

DownloadPanel::DownloadPanel(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_retry(new QPushButton(tr("Retry"), this))
{
    m_label->setWordWrap(true);
    m_label->setAlignment(Qt::AlignCenter);
    m_bar->setAccessibleName(tr("Download progress"));
    m_bar->setMinimumWidth(320);
    m_retry->hide();
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_retry);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_label);
    layout->addWidget(m_bar, 0, Qt::AlignHCenter);
    layout->addLayout(buttons);
    layout->addStretch(2);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_label->setText(tr("Cancelling…"));
        Q_EMIT cancelRequested();
    });
    connect(m_retry, &QPushButton::clicked, this, &DownloadPanel::retryRequested);
}

void DownloadPanel::start(const QString &path)
{
    m_label->setText(tr("Downloading “%1” from the Hub…").arg(path));
    m_bar->setRange(0, 0); // busy until the size is known
    m_bar->show();
    m_cancel->setEnabled(true);
    m_cancel->show();
    m_retry->hide();
}

void DownloadPanel::setProgress(const Progress &progress)
{
    if (progress.bytesTotal <= 0)
        return;
    // Per mille: a progress bar holds an int, a file's size may not fit one.
    m_bar->setRange(0, 1000);
    m_bar->setValue(
        int(qBound(qint64(0), progress.bytesDone * 1000 / progress.bytesTotal, qint64(1000))));
    m_bar->setFormat(
        tr("%1 of %2")
            .arg(amounttext::bytes(progress.bytesDone), amounttext::bytes(progress.bytesTotal)));
}

void DownloadPanel::showFailure(const QString &message)
{
    m_label->setText(message);
    m_bar->hide();
    m_cancel->hide();
    m_retry->show();
}

QString DownloadPanel::message() const
{
    return m_label->text();
}

} // namespace hawkmoth
