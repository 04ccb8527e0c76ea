#pragma once
// A titled box of "name: value" rows for the stats panel's git and hub sections; values wrap
// (long URLs too) and can be selected and copied.

#include <QGroupBox>
#include <QHash>

class QFormLayout;
class QLabel;

namespace hawkmoth {

class StatusForm : public QGroupBox
{
    Q_OBJECT

public:
    explicit StatusForm(const QString &title, QWidget *parent = nullptr);

    // Adds a row; key names its value label (objectName) for tests and accessibility.
    void addRow(const QString &key, const QString &label);
    void setValue(const QString &key, const QString &value, const QString &toolTip = {});
    QString value(const QString &key) const;
    void setRowVisible(const QString &key, bool visible);

private:
    QFormLayout *m_form;
    QHash<QString, QLabel *> m_values;
};

} // namespace hawkmoth
