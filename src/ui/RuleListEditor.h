#pragma once
// The layer rules of a workspace on the settings page: the ordered list (first match wins) with
// add, remove and move up/down, edited here and saved in one go by the settings dialog, and a
// "which layer would this path get?" preview that asks the core with the list as edited.

#include "RuleBook.h"
#include "Workspace.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace hawkmoth {

class StorageCore;

class RuleListEditor : public QWidget
{
    Q_OBJECT

public:
    explicit RuleListEditor(StorageCore &core, QWidget *parent = nullptr);

    // Shows ws's saved rules (read from the core).
    void load(const Workspace &ws);
    QList<PolicyRule> rules() const { return m_rules; }
    bool isModified() const { return m_modified; }
    // Takes the list as saved (after the dialog applied it).
    void markSaved(const QList<PolicyRule> &saved);

    QTreeWidget *list() const { return m_list; }
    QLineEdit *patternEdit() const { return m_pattern; }
    QComboBox *layerBox() const { return m_layer; }
    QLineEdit *previewEdit() const { return m_previewPath; }
    QLabel *previewLabel() const { return m_preview; }

public Q_SLOTS:
    void addRule();
    void removeRule();
    void moveUp();
    void moveDown();

Q_SIGNALS:
    void changed();
    // The preview for the path in the preview field was answered.
    void previewed(const QString &text);

private:
    void display(int select = -1);
    void move(int by);
    void updatePreview();
    void updateButtons();

    StorageCore &m_core;
    std::optional<Workspace> m_workspace;
    QList<PolicyRule> m_rules;
    bool m_modified = false;
    quint64 m_previewToken = 0; // answers for an older path or list are dropped
    QTreeWidget *m_list;
    QLineEdit *m_pattern;
    QComboBox *m_layer;
    QSpinBox *m_sizeOver;
    QComboBox *m_content;
    QLabel *m_problem;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
    QLineEdit *m_previewPath;
    QLabel *m_preview;
};

} // namespace hawkmoth
