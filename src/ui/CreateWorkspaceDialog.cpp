#include "CreateWorkspaceDialog.h"

#include "FutureGuard.h"
#include "StorageCore.h"
#include "TemplateLibrary.h"
#include "WorkspaceName.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace hawkmoth {

namespace {

QString templateDescription(const QString &name)
{
    if (name == QLatin1String("empty"))
        return QObject::tr("Empty — no files");
    if (name == QLatin1String("python"))
        return QObject::tr("Python — main.py, a test and requirements.txt");
    if (name == QLatin1String("web"))
        return QObject::tr("Web — an HTML page, CSS and JavaScript");
    return name;
}

} // namespace

CreateWorkspaceDialog::CreateWorkspaceDialog(StorageCore &core, const QStringList &taken,
                                             QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_taken(taken)
    , m_name(new QLineEdit(this))
    , m_template(new QComboBox(this))
    , m_switch(new QCheckBox(tr("&Switch to it"), this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New Workspace"));
    m_name->setAccessibleName(tr("Workspace name"));
    m_name->setPlaceholderText(tr("letters, digits, . _ -"));
    m_name->setMaxLength(WorkspaceName::maxLength);
    for (const QString &t : TemplateLibrary::names())
        m_template->addItem(templateDescription(t), t);
    m_template->setAccessibleName(tr("Template"));
    m_switch->setChecked(true);
    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("Problem with the name"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Create"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Template:"), m_template);
    form->addRow(QString(), m_switch);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CreateWorkspaceDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &CreateWorkspaceDialog::check);
    check();
}

QString CreateWorkspaceDialog::problemWith(const QString &name, const QStringList &taken,
                                           const QString &except)
{
    if (name.isEmpty())
        return tr("Give the workspace a name.");
    if (const Status valid = WorkspaceName::validate(name); !valid)
        return valid.error().message;
    for (const QString &t : taken) {
        // The workspace being renamed may change the case of its own name.
        if (WorkspaceName::same(t, name) && !(!except.isEmpty() && WorkspaceName::same(t, except)))
            return tr("A workspace called '%1' exists already.").arg(t);
    }
    return {};
}

bool CreateWorkspaceDialog::canAccept() const
{
    return !m_busy && problemWith(m_name->text(), m_taken).isEmpty();
}

void CreateWorkspaceDialog::check()
{
    const QString problem = problemWith(m_name->text(), m_taken);
    // An empty field is no error yet: say what to do in a quiet voice.
    m_problem->setText(problem);
    m_problem->setForegroundRole(m_name->text().isEmpty() ? QPalette::PlaceholderText
                                                          : QPalette::Text);
    m_problem->setStyleSheet(m_name->text().isEmpty() || problem.isEmpty()
                                 ? QString()
                                 : QStringLiteral("color: #c62828"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_busy && problem.isEmpty());
}

void CreateWorkspaceDialog::accept()
{
    if (!canAccept())
        return;
    m_busy = true;
    check();
    m_name->setEnabled(false);
    onResult(m_core.workspaces().create(m_name->text(), m_template->currentData().toString(),
                                        m_switch->isChecked()),
             this, [this](const Result<CreatedWorkspace> &made) {
                 m_busy = false;
                 m_name->setEnabled(true);
                 if (!made) {
                     m_problem->setText(made.error().message);
                     m_problem->setStyleSheet(QStringLiteral("color: #c62828"));
                     m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
                     return;
                 }
                 Q_EMIT created(made->workspace.name());
                 QDialog::accept();
             });
}

} // namespace hawkmoth
