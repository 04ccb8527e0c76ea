#include "RuleListEditor.h"

#include "AmountText.h"
#include "FutureGuard.h"
#include "StorageCore.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hawkmoth {

namespace {

QString conditions(const PolicyRule &rule)
{
    QStringList parts;
    if (rule.sizeOver)
        parts.append(QObject::tr("larger than %1").arg(amounttext::bytes(*rule.sizeOver)));
    if (rule.binary)
        parts.append(*rule.binary ? QObject::tr("binary") : QObject::tr("text"));
    return parts.join(QStringLiteral(", "));
}

} // namespace

RuleListEditor::RuleListEditor(StorageCore &core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_list(new QTreeWidget(this))
    , m_pattern(new QLineEdit(this))
    , m_layer(new QComboBox(this))
    , m_sizeOver(new QSpinBox(this))
    , m_content(new QComboBox(this))
    , m_problem(new QLabel(this))
    , m_add(new QPushButton(tr("&Add"), this))
    , m_remove(new QPushButton(tr("Re&move"), this))
    , m_up(new QPushButton(tr("Move &Up"), this))
    , m_down(new QPushButton(tr("Move &Down"), this))
    , m_previewPath(new QLineEdit(this))
    , m_preview(new QLabel(this))
{
    m_list->setColumnCount(4);
    m_list->setHeaderLabels({tr("#"), tr("Patterns"), tr("Only when"), tr("Layer")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setAccessibleName(tr("Layer rules, first match wins"));
    m_list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    m_pattern->setPlaceholderText(tr("*.psd assets/** (space separated globs)"));
    m_pattern->setAccessibleName(tr("New rule's patterns"));
    for (Layer l : {Layer::Git, Layer::Hub, Layer::Session})
        m_layer->addItem(layerName(l), int(l));
    m_layer->setAccessibleName(tr("New rule's layer"));
    m_sizeOver->setRange(0, 1024 * 1024);
    m_sizeOver->setSuffix(tr(" KiB"));
    m_sizeOver->setSpecialValueText(tr("any size"));
    m_sizeOver->setAccessibleName(tr("Only files larger than"));
    m_content->addItem(tr("any content"));
    m_content->addItem(tr("binary only"), true);
    m_content->addItem(tr("text only"), false);
    m_content->setAccessibleName(tr("Only files of this content"));
    m_problem->setStyleSheet(QStringLiteral("color: #c62828"));
    m_problem->setWordWrap(true);
    m_previewPath->setPlaceholderText(tr("a path, e.g. assets/logo.png"));
    m_previewPath->setAccessibleName(tr("Path to preview"));
    m_preview->setAccessibleName(tr("Layer the path would get"));
    m_preview->setWordWrap(true);

    auto *buttons = new QVBoxLayout;
    for (QPushButton *b : {m_up, m_down, m_remove})
        buttons->addWidget(b);
    buttons->addStretch();
    auto *top = new QHBoxLayout;
    top->addWidget(m_list, 1);
    top->addLayout(buttons);

    auto *adder = new QGridLayout;
    adder->addWidget(new QLabel(tr("New rule:"), this), 0, 0);
    adder->addWidget(m_pattern, 0, 1, 1, 3);
    adder->addWidget(new QLabel(tr("to"), this), 0, 4);
    adder->addWidget(m_layer, 0, 5);
    adder->addWidget(m_sizeOver, 1, 1);
    adder->addWidget(m_content, 1, 2);
    adder->addWidget(m_add, 1, 5);
    adder->setColumnStretch(3, 1);

    auto *preview = new QHBoxLayout;
    auto *previewLabel = new QLabel(tr("Which layer would this &path get?"), this);
    previewLabel->setBuddy(m_previewPath);
    preview->addWidget(previewLabel);
    preview->addWidget(m_previewPath, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addLayout(adder);
    layout->addWidget(m_problem);
    layout->addLayout(preview);
    layout->addWidget(m_preview);

    connect(m_add, &QPushButton::clicked, this, &RuleListEditor::addRule);
    connect(m_pattern, &QLineEdit::returnPressed, this, &RuleListEditor::addRule);
    connect(m_remove, &QPushButton::clicked, this, &RuleListEditor::removeRule);
    connect(m_up, &QPushButton::clicked, this, &RuleListEditor::moveUp);
    connect(m_down, &QPushButton::clicked, this, &RuleListEditor::moveDown);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &RuleListEditor::updateButtons);
    connect(m_previewPath, &QLineEdit::textChanged, this, &RuleListEditor::updatePreview);
    connect(m_pattern, &QLineEdit::textChanged, this, [this] { m_problem->clear(); });
    updateButtons();
}

void RuleListEditor::load(const Workspace &ws)
{
    m_workspace = ws;
    setEnabled(false);
    onResult(m_core.rules().list(ws), this, [this](const Result<QList<PolicyRule>> &rules) {
        setEnabled(true);
        if (!rules) {
            m_problem->setText(rules.error().message);
            return;
        }
        m_rules = *rules;
        m_modified = false;
        display();
        updatePreview();
    });
}

void RuleListEditor::markSaved(const QList<PolicyRule> &saved)
{
    m_rules = saved;
    m_modified = false;
    display(m_list->currentIndex().row());
}

void RuleListEditor::display(int select)
{
    m_list->clear();
    for (int i = 0; i < m_rules.size(); ++i) {
        const PolicyRule &rule = m_rules.at(i);
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(0, QString::number(i + 1));
        item->setText(1, rule.patterns.isEmpty() ? tr("any file")
                                                 : rule.patterns.join(QLatin1Char(' ')));
        item->setToolTip(1, item->text(1));
        item->setText(2, conditions(rule));
        item->setText(3, layerName(rule.layer));
    }
    for (int column : {0, 2, 3})
        m_list->resizeColumnToContents(column);
    if (select >= 0 && select < m_list->topLevelItemCount())
        m_list->setCurrentItem(m_list->topLevelItem(select));
    updateButtons();
}

void RuleListEditor::updateButtons()
{
    const int row = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
    m_remove->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_rules.size());
}

void RuleListEditor::addRule()
{
    PolicyRule rule;
    rule.patterns = m_pattern->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    rule.layer = Layer(m_layer->currentData().toInt());
    if (m_sizeOver->value() > 0)
        rule.sizeOver = qint64(m_sizeOver->value()) * 1024;
    if (m_content->currentData().isValid())
        rule.binary = m_content->currentData().toBool();
    if (rule.patterns.isEmpty() && !rule.sizeOver && !rule.binary) {
        m_problem->setText(tr("Give a pattern, a size or a kind of content: a rule without one "
                              "would take every file."));
        return;
    }
    if (const Status valid = RuleBook::validate(rule); !valid) {
        m_problem->setText(valid.error().message);
        return;
    }
    // A new rule goes before the selected one, else at the end: it is meant to win over it.
    const int row = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
    const int at = row >= 0 ? row : int(m_rules.size());
    m_rules.insert(at, rule);
    m_modified = true;
    m_pattern->clear();
    m_sizeOver->setValue(0);
    m_content->setCurrentIndex(0);
    display(at);
    updatePreview();
    Q_EMIT changed();
}

void RuleListEditor::removeRule()
{
    const int row = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
    if (row < 0)
        return;
    m_rules.removeAt(row);
    m_modified = true;
    display(qMin(row, int(m_rules.size()) - 1));
    updatePreview();
    Q_EMIT changed();
}

void RuleListEditor::move(int by)
{
    const int row = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_rules.size())
        return;
    m_rules.move(row, to);
    m_modified = true;
    display(to);
    updatePreview();
    Q_EMIT changed();
}

void RuleListEditor::moveUp()
{
    move(-1);
}

void RuleListEditor::moveDown()
{
    move(1);
}

void RuleListEditor::updatePreview()
{
    const QString path = m_previewPath->text().trimmed();
    const quint64 token = ++m_previewToken;
    if (path.isEmpty() || !m_workspace) {
        m_preview->clear();
        return;
    }
    onResult(
        m_core.rules().preview(*m_workspace, m_rules, path), this,
        [this, token, path](const Result<RulePreview> &p) {
            if (token != m_previewToken)
                return;
            QString text;
            if (!p) {
                text = p.error().message;
            } else {
                const QString layer = QStringLiteral("<b>%1</b>").arg(layerName(p->layer));
                const QString size = p->known ? tr(" (%1, %2)")
                                                    .arg(amounttext::bytes(p->size),
                                                         p->binary ? tr("binary") : tr("text"))
                                              : QString();
                if (p->pinned)
                    text =
                        tr("%1%2 → %3: it is pinned there").arg(path.toHtmlEscaped(), size, layer);
                else if (p->rule >= 0)
                    text = tr("%1%2 → %3 by rule %4")
                               .arg(path.toHtmlEscaped(), size, layer)
                               .arg(p->rule + 1);
                else
                    text = tr("%1%2 → %3: no rule matches, git is the default")
                               .arg(path.toHtmlEscaped(), size, layer);
            }
            m_preview->setText(text);
            Q_EMIT previewed(m_preview->text());
        });
}

} // namespace hawkmoth
