#pragma once
// Shared by the git suites: a data root whose user has a git identity, the hawkmoth and git
// command lines bound to it, and questions asked of repositories through the git CLI.

#include "TestSupport.h"

#include <QDir>
#include <QTest>

namespace hawkmoth::test {

class GitKit
{
public:
    explicit GitKit(const QString &authorName = QStringLiteral("Ada Lovelace"),
                    const QString &authorEmail = QStringLiteral("ada@example.org"))
    {
        // libgit2 and git read the identity from $HOME/.gitconfig.
        writeFile(
            m_root.file(QStringLiteral("home/.gitconfig")),
            QStringLiteral("[user]\n\tname = %1\n\temail = %2\n[init]\n\tdefaultBranch = main\n")
                .arg(authorName, authorEmail)
                .toUtf8());
        m_env = m_root.environment();
    }

    TempRoot &root() { return m_root; }
    QProcessEnvironment &env() { return m_env; }
    QString workspace(const QString &name = QStringLiteral("default")) const
    {
        return m_root.dataRoot() + QStringLiteral("/workspaces/") + name;
    }

    ProcessResult hm(const QStringList &args, const QByteArray &input = {},
                     int timeoutMs = 120000) const
    {
        return runHawkmoth(m_root, args, input, timeoutMs, m_env);
    }
    // git -C dir ARGS..., with this kit's identity.
    ProcessResult git(const QString &dir, const QStringList &args) const
    {
        return runProgram(QStringLiteral("git"), QStringList{QStringLiteral("-C"), dir} + args, {},
                          m_env);
    }
    QStringList lines(const ProcessResult &r) const
    {
        QStringList out = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        return out;
    }
    // Files of a commit's tree, sorted.
    QStringList trackedFiles(const QString &dir, const QString &rev = QStringLiteral("HEAD")) const
    {
        QStringList files = lines(git(dir, {QStringLiteral("ls-tree"), QStringLiteral("-r"),
                                            QStringLiteral("--name-only"), rev}));
        files.sort();
        return files;
    }
    int commitCount(const QString &dir) const
    {
        return QString::fromUtf8(git(dir, {QStringLiteral("rev-list"), QStringLiteral("--count"),
                                           QStringLiteral("HEAD")})
                                     .out)
            .trimmed()
            .toInt();
    }
    bool fsckClean(const QString &dir) const
    {
        auto r = git(dir, {QStringLiteral("fsck"), QStringLiteral("--strict")});
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.describe()));
        return r.exitCode == 0;
    }

private:
    TempRoot m_root;
    QProcessEnvironment m_env;
};

} // namespace hawkmoth::test
