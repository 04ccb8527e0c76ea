#include "GitHttpServer.h"

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace hawkmoth::test {

namespace {

int freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

GitHttpServer::GitHttpServer()
{
    const QString root = m_dir.path();
    QDir().mkpath(root + QStringLiteral("/repos"));
    QDir().mkpath(root + QStringLiteral("/www"));
    writeFile(root + QStringLiteral("/users"), QByteArray(user) + ':' + password + '\n');
    // A port picked now may be taken by the time lighttpd binds it: try a few.
    for (int attempt = 0; attempt < 5 && !m_running; ++attempt) {
        m_port = freePort();
        const QString conf =
            QStringLiteral(
                "server.modules = (\"mod_access\", \"mod_accesslog\", \"mod_alias\", \"mod_auth\", "
                "\"mod_authn_file\", \"mod_cgi\", \"mod_setenv\")\n"
                "accesslog.filename = \"%1/access.log\"\n"
                "server.document-root = \"%1/www\"\n"
                "server.bind = \"127.0.0.1\"\n"
                "server.port = %2\n"
                "server.errorlog = \"%1/error.log\"\n"
                "alias.url += ( \"/git\" => \"/usr/lib/git-core/git-http-backend\" )\n"
                "$HTTP[\"url\"] =~ \"^/git\" {\n"
                "  cgi.assign = ( \"\" => \"\" )\n"
                "  setenv.add-environment = ( \"GIT_PROJECT_ROOT\" => \"%1/repos\", "
                "\"GIT_HTTP_EXPORT_ALL\" => \"\" )\n"
                "}\n"
                "auth.backend = \"plain\"\n"
                "auth.backend.plain.userfile = \"%1/users\"\n"
                "auth.require = ( \"/git\" => ( \"method\" => \"basic\", \"realm\" => \"git\", "
                "\"require\" => \"valid-user\" ) )\n")
                .arg(root)
                .arg(m_port);
        writeFile(root + QStringLiteral("/lighttpd.conf"), conf.toUtf8());
        m_process.setProgram(QStringLiteral("lighttpd"));
        m_process.setArguments(
            {QStringLiteral("-D"), QStringLiteral("-f"), root + QStringLiteral("/lighttpd.conf")});
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start();
        if (!m_process.waitForStarted(5000)) {
            m_error = QStringLiteral("lighttpd does not start: %1 (apt-get install lighttpd)")
                          .arg(m_process.errorString());
            return;
        }
        for (int i = 0; i < 100; ++i) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, quint16(m_port));
            if (probe.waitForConnected(100)) {
                m_running = true;
                break;
            }
            if (m_process.state() == QProcess::NotRunning)
                break;
            QThread::msleep(50);
        }
        if (!m_running) {
            m_process.kill();
            m_process.waitForFinished();
            m_error = QString::fromUtf8(m_process.readAll() +
                                        readFile(root + QStringLiteral("/error.log")));
        }
    }
}

GitHttpServer::~GitHttpServer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished();
    }
}

QString GitHttpServer::url(const QString &repo) const
{
    return QStringLiteral("http://127.0.0.1:%1/git/%2").arg(m_port).arg(repo);
}

QString GitHttpServer::urlWithCredentials(const QString &repo) const
{
    return QStringLiteral("http://%1:%2@127.0.0.1:%3/git/%4")
        .arg(QLatin1String(user), QLatin1String(password))
        .arg(m_port)
        .arg(repo);
}

int GitHttpServer::countResponses(int status) const
{
    const QByteArray log = readFile(m_dir.path() + QStringLiteral("/access.log"));
    int n = 0;
    for (const QByteArray &line : log.split('\n')) {
        // Common log format: ... "GET /path HTTP/1.1" STATUS SIZE ...
        const qsizetype quote = line.lastIndexOf('"', line.indexOf("HTTP/") + 12);
        if (quote > 0 && line.mid(quote + 2, 3) == QByteArray::number(status))
            ++n;
    }
    return n;
}

QString GitHttpServer::repositoryPath(const QString &repo) const
{
    return m_dir.path() + QStringLiteral("/repos/") + repo;
}

bool GitHttpServer::createRepository(const QString &repo)
{
    const QString path = repositoryPath(repo);
    auto r = runProgram(QStringLiteral("git"),
                        {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
                         QStringLiteral("--initial-branch=main"), path});
    if (r.exitCode != 0)
        return false;
    // Pushes over HTTP need receive-pack switched on (the authenticated user is REMOTE_USER).
    return runProgram(QStringLiteral("git"),
                      {QStringLiteral("-C"), path, QStringLiteral("config"),
                       QStringLiteral("http.receivepack"), QStringLiteral("true")})
               .exitCode == 0;
}

} // namespace hawkmoth::test
