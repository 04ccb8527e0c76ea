#include "WelcomePage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace hawkmoth {

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
{
    auto *text = new QLabel(this);
    text->setObjectName(QStringLiteral("welcomeText"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    text->setMaximumWidth(560);
    text->setText(
        tr("<h2>Welcome to HAWKMOTH</h2>"
           "<p>This is your workspace. Everything you put here is kept in the right place by "
           "itself: code and text in git, large files in a Hugging Face dataset, scratch work "
           "on this machine.</p>"
           "<p><b>To begin:</b> drop files or folders onto the project tree on the left, "
           "create a file with <b>New File</b> from its context menu, or type "
           "<tt>create project demo</tt> or <tt>help</tt> in the command bar below.</p>"
           "<p>Set a git remote and your Hugging Face token in <b>File › Settings</b> to back "
           "everything up.</p>"));
    // Centred by stretches, not by an alignment flag: an aligned label gets its size hint's
    // height, which is too short once its words wrap.
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(text, 4);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);
}

} // namespace hawkmoth
