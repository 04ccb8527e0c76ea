#pragma once
// What the REST suites share: the CLI's --json on the same data root, a file's sha256, what an
// upload left in staging, and a status check that prints the reply.

#include "RestClient.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTest>

namespace hawkmoth::test {

inline QJsonDocument cliJson(const TempRoot &root, const QStringList &args)
{
    const ProcessResult r = runHawkmoth(root, args);
    if (r.exitCode != 0)
        qWarning("%s", qPrintable(r.describe()));
    return QJsonDocument::fromJson(r.out);
}

inline QByteArray sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

inline QStringList leftovers(const TempRoot &root)
{
    return QDir(root.dataRoot() + QStringLiteral("/uploads"))
        .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

// A git identity and branch name in the test's home, for the routes that commit.
inline void writeGitIdentity(const TempRoot &root)
{
    writeFile(root.file(QStringLiteral("home/.gitconfig")),
              "[user]\n\tname = Ada\n\temail = ada@example.org\n[init]\n\tdefaultBranch = main\n");
}

} // namespace hawkmoth::test

#define EXPECT_STATUS(reply, code)                                                                 \
    do {                                                                                           \
        const HttpReply r_ = (reply);                                                              \
        QVERIFY2(r_.status == (code), qPrintable(r_.describe()));                                  \
    } while (false)
