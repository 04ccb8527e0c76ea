#pragma once
// A real smart-HTTP git server for tests: lighttpd running git http-backend as CGI behind basic
// auth, on 127.0.0.1 and a free port, serving bare repositories from a temporary folder.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace hawkmoth::test {

class GitHttpServer
{
public:
    static constexpr const char *user = "alice";
    static constexpr const char *password = "s3cret-token";

    GitHttpServer();
    ~GitHttpServer();

    bool isRunning() const { return m_running; }
    QString error() const { return m_error; }
    // http://127.0.0.1:PORT/git/NAME.git (no credentials in it)
    QString url(const QString &repo) const;
    // The same with user:password@, for the git CLI.
    QString urlWithCredentials(const QString &repo) const;
    // A bare repository with branch main as its HEAD.
    bool createRepository(const QString &repo);
    QString repositoryPath(const QString &repo) const;
    // How many requests got this HTTP status so far (from lighttpd's access log).
    int countResponses(int status) const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
    bool m_running = false;
    QString m_error;
};

} // namespace hawkmoth::test
