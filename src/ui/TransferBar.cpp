#include "TransferBar.h"

#include "AmountText.h"
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

namespace hawkmoth {

TransferBar::TransferBar(const QString &what, QWidget *parent)
    : QWidget(parent)
    , m_what(what)
    , m_channel(new ProgressChannel(this))
    , m_label(new QLabel(what, this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    setObjectName(QStringLiteral("transferBar"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setMinimumWidth(40);
    m_bar->setRange(0, 0); // busy until the first report says how much there is
    m_bar->setTextVisible(false);
    m_bar->setMaximumHeight(10);
    m_bar->setAccessibleName(tr("Import progress"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the import; files copied so far stay"));
    m_cancel->setAccessibleName(tr("Cancel import"));
    m_cancel->setAutoRaise(true);
    layout->addWidget(m_label, 2);
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_cancel);
    connect(m_channel, &ProgressChannel::progressed, this, &TransferBar::showProgress);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_cancelled = true;
        m_channel->cancel();
        m_cancel->setEnabled(false);
        m_label->setText(tr("Cancelling: %1").arg(m_what));
    });
}

void TransferBar::showProgress(const Progress &p)
{
    // Bytes when known (a 2 GB file moves the bar), files otherwise; scaled to fit an int.
    const qint64 total = p.bytesTotal > 0 ? p.bytesTotal : p.filesTotal;
    const qint64 done = p.bytesTotal > 0 ? p.bytesDone : p.filesDone;
    if (total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(qBound(qint64(0), done * 1000 / total, qint64(1000))));
    }
    if (m_cancelled)
        return;
    m_label->setText(tr("%1: %2, %3 of %4")
                         .arg(m_what, amounttext::filesOf(p.filesDone, p.filesTotal),
                              amounttext::bytes(p.bytesDone), amounttext::bytes(p.bytesTotal)));
}

} // namespace hawkmoth
