#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>

namespace hawkmoth::test {

TempRoot::TempRoot()
{
    QDir().mkpath(dataRoot());
    QDir().mkpath(cacheRoot());
}

QProcessEnvironment TempRoot::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HAWKMOTH_DATA_DIR"), dataRoot());
    env.insert(QStringLiteral("HAWKMOTH_CACHE_DIR"), cacheRoot());
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.path() + QStringLiteral("/xdg-cache"));
    env.insert(QStringLiteral("HOME"), m_dir.path() + QStringLiteral("/home"));
    QDir().mkpath(m_dir.path() + QStringLiteral("/home"));
    env.remove(QStringLiteral("HF_TOKEN"));
    env.remove(QStringLiteral("HF_ENDPOINT"));
    return env;
}

QString ProcessResult::describe() const
{
    return QStringLiteral("exit %1%2\n--- stdout\n%3\n--- stderr\n%4")
        .arg(exitCode)
        .arg(crashed ? QStringLiteral(" (crashed)") : QString())
        .arg(QString::fromUtf8(out), QString::fromUtf8(err));
}

QString hawkmothBinary()
{
    return QStringLiteral(HAWKMOTH_BINARY_PATH);
}

QString sourceDir()
{
    return QStringLiteral(HAWKMOTH_SOURCE_DIR);
}

ProcessResult runProgram(const QString &program, const QStringList &args, const QString &workingDir,
                         const QProcessEnvironment &env, const QByteArray &stdinData, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workingDir.isEmpty())
        p.setWorkingDirectory(workingDir);
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.crashed = true;
    }
    r.exitCode = p.exitCode();
    r.crashed = r.crashed || p.exitStatus() == QProcess::CrashExit;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

ProcessResult runHawkmoth(const TempRoot &root, const QStringList &args,
                          const QByteArray &stdinData, int timeoutMs,
                          const QProcessEnvironment &extraEnv)
{
    QProcessEnvironment env = root.environment();
    for (const QString &key : extraEnv.keys())
        env.insert(key, extraEnv.value(key));
    return runProgram(hawkmothBinary(), args, root.path(), env, stdinData, timeoutMs);
}

QJsonObject lsEntry(const QByteArray &lsJson, const QString &path)
{
    const QJsonObject ls = QJsonDocument::fromJson(lsJson).object();
    for (const QJsonValue &v : ls.value(QLatin1String("files")).toArray()) {
        if (v.toObject().value(QLatin1String("path")).toString() == path)
            return v.toObject();
    }
    return {};
}

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("test: cannot write %s", qPrintable(path));
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator gen(seed);
    QByteArray out(size, Qt::Uninitialized);
    gen.fillRange(reinterpret_cast<quint32 *>(out.data()), size / 4);
    for (qsizetype i = size / 4 * 4; i < size; ++i)
        out[i] = char(gen.generate() & 0xff);
    return out;
}

void isolateGitConfiguration(const TempRoot &home)
{
    qputenv("HOME", home.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", home.file(QStringLiteral("xdg")).toUtf8());
    qputenv("GIT_CONFIG_NOSYSTEM", "1");
}

} // namespace hawkmoth::test
