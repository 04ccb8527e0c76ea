#pragma once
// Helpers shared by the test suites: a throw-away data root, running the hawkmoth binary as a
// separate process, and writing files quickly.

#include <QByteArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace hawkmoth::test {

// A temporary folder holding a data root and a cache root, removed at the end of the test.
class TempRoot
{
public:
    TempRoot();
    QString path() const { return m_dir.path(); }
    QString dataRoot() const { return m_dir.path() + QStringLiteral("/data"); }
    QString cacheRoot() const { return m_dir.path() + QStringLiteral("/cache"); }
    QString file(const QString &relative) const
    {
        return m_dir.path() + QLatin1Char('/') + relative;
    }
    // The environment for a hawkmoth process that uses this root.
    QProcessEnvironment environment() const;

private:
    QTemporaryDir m_dir;
};

struct ProcessResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool crashed = false;
    QString describe() const; // for failure messages
};

QString hawkmothBinary();
QString sourceDir();

// Runs hawkmoth with args; stdinData is written and closed. Waits up to timeoutMs.
ProcessResult runHawkmoth(const TempRoot &root, const QStringList &args,
                          const QByteArray &stdinData = {}, int timeoutMs = 120000,
                          const QProcessEnvironment &extraEnv = {});
// Runs any program (git, node, ...) and waits.
ProcessResult runProgram(const QString &program, const QStringList &args,
                         const QString &workingDir = {},
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                         const QByteArray &stdinData = {}, int timeoutMs = 120000);

// The entry of path in the output of `hawkmoth ls --recursive --json`; empty when absent.
QJsonObject lsEntry(const QByteArray &lsJson, const QString &path);

void writeFile(const QString &path, const QByteArray &content);
QByteArray readFile(const QString &path);
QByteArray randomBytes(qsizetype size, quint32 seed = 1);
// Points this process's HOME and XDG_CONFIG_HOME into home and turns off git's system
// configuration, so no attribute or setting of the machine's user leaks in. Call it before libgit2
// starts: it reads HOME once.
void isolateGitConfiguration(const TempRoot &home);

} // namespace hawkmoth::test

// In a Qt Test function: evaluates the command once (it has effects); fails the test with its
// output unless it exited 0.
#define EXPECT_OK(expr)                                                                            \
    do {                                                                                           \
        const ::hawkmoth::test::ProcessResult result_ = (expr);                                    \
        QVERIFY2(result_.exitCode == 0 && !result_.crashed, qPrintable(result_.describe()));       \
    } while (false)
