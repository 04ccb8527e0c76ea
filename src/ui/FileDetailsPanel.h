#pragma once
// What an editor tab shows for a binary file instead of its bytes: size, layer, sync state,
// SHA-256, and for Hub files the dataset and the Hub commit that holds it.

#include "FileEntry.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QLabel;

namespace hawkmoth {

class FileDetailsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit FileDetailsPanel(QWidget *parent = nullptr);

    void setEntry(const FileEntry &entry);
    void setDataset(const QString &dataset);
    // The value shown for a field ("Size", "Layer", "State", "SHA-256", "Dataset", "Hub commit").
    QString field(const QString &name) const;

private:
    QLabel *addField(const QString &name);

    QLabel *m_heading;
    QFormLayout *m_form;
    QLabel *m_size;
    QLabel *m_layer;
    QLabel *m_state;
    QLabel *m_sha;
    QLabel *m_dataset;
    QLabel *m_commit;
    QHash<QString, QLabel *> m_fields;
};

} // namespace hawkmoth
