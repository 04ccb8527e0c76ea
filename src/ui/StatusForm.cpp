#include "StatusForm.h"

#include <QFormLayout>
#include <QLabel>

namespace hawkmoth {

StatusForm::StatusForm(const QString &title, QWidget *parent)
    : QGroupBox(title, parent)
    , m_form(new QFormLayout(this))
{
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_form->setContentsMargins(6, 6, 6, 6);
}

void StatusForm::addRow(const QString &key, const QString &label)
{
    auto *value = new QLabel(QStringLiteral("…"), this);
    value->setObjectName(key);
    value->setAccessibleName(label);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setTextFormat(Qt::PlainText);
    value->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_form->addRow(label, value);
    m_values.insert(key, value);
}

void StatusForm::setValue(const QString &key, const QString &value, const QString &toolTip)
{
    QLabel *label = m_values.value(key);
    if (!label)
        return;
    // A zero-width space after each '/' lets a long URL wrap inside the narrow dock.
    QString shown = value;
    shown.replace(QLatin1Char('/'), QStringLiteral("/\u200b"));
    label->setText(shown);
    label->setToolTip(toolTip.isEmpty() ? value : toolTip);
    label->setProperty("plainValue", value);
}

QString StatusForm::value(const QString &key) const
{
    const QLabel *label = m_values.value(key);
    return label ? label->property("plainValue").toString() : QString();
}

void StatusForm::setRowVisible(const QString &key, bool visible)
{
    if (QLabel *label = m_values.value(key))
        m_form->setRowVisible(label, visible);
}

} // namespace hawkmoth
