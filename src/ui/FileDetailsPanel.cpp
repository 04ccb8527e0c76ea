#include "FileDetailsPanel.h"

#include "AmountText.h"
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace hawkmoth {

FileDetailsPanel::FileDetailsPanel(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_form(new QFormLayout)
{
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_heading->setFont(big);
    auto *note = new QLabel(tr("This is a binary file: HAWKMOTH shows what it knows about it "
                               "instead of its bytes."),
                            this);
    note->setWordWrap(true);
    m_size = addField(tr("Size"));
    m_layer = addField(tr("Layer"));
    m_state = addField(tr("State"));
    m_sha = addField(tr("SHA-256"));
    m_dataset = addField(tr("Dataset"));
    m_commit = addField(tr("Hub commit"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->addWidget(m_heading);
    layout->addWidget(note);
    layout->addSpacing(12);
    layout->addLayout(m_form);
    layout->addStretch(1);
}

QLabel *FileDetailsPanel::addField(const QString &name)
{
    auto *value = new QLabel(tr("unknown"), this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setAccessibleName(name);
    m_form->addRow(name + QLatin1Char(':'), value);
    m_fields.insert(name, value);
    return value;
}

void FileDetailsPanel::setEntry(const FileEntry &entry)
{
    m_heading->setText(QFileInfo(entry.path).fileName());
    m_heading->setToolTip(entry.path);
    // Below a KiB the short text is already exact.
    m_size->setText(entry.size < 1024
                        ? amounttext::bytes(entry.size)
                        : tr("%1 (%2 bytes)")
                              .arg(amounttext::bytes(entry.size), QLocale().toString(entry.size)));
    m_layer->setText(layerName(entry.layer) + (entry.pinned ? tr(" (pinned)") : QString()));
    QString state = syncStateName(entry.state);
    if (entry.state == SyncState::Error && !entry.error.isEmpty())
        state += QStringLiteral(": ") + entry.error;
    m_state->setText(state);
    m_sha->setText(entry.sha256.isEmpty() ? tr("not computed yet")
                                          : QString::fromLatin1(entry.sha256));
    const bool hub = entry.layer == Layer::Hub;
    m_commit->setText(hub && !entry.remoteId.isEmpty() ? entry.remoteId
                      : hub                            ? tr("not uploaded yet")
                                                       : tr("not on the Hub"));
}

void FileDetailsPanel::setDataset(const QString &dataset)
{
    m_dataset->setText(dataset.isEmpty() ? tr("none set up") : dataset);
}

QString FileDetailsPanel::field(const QString &name) const
{
    const QLabel *label = m_fields.value(name);
    return label ? label->text() : QString();
}

} // namespace hawkmoth
