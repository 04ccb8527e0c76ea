// BufferedSocketStream, the TCP connection libgit2 uses: small writes are gathered and reach the
// peer in one piece, at the latest when the stream reads the answer; a full block goes at once;
// a connection the peer closed is an error libgit2 can report, not a signal.

#include "BufferedSocketStream.h"
#include "GitHandles.h"

#include <QTest>

#include <git2.h>
#include <git2/sys/stream.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using hawkmoth::git::BufferedSocketStream;

namespace {

// A listening socket on 127.0.0.1 and the connection it accepts.
class Peer
{
public:
    Peer()
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), length);
        ::listen(m_listener, 1);
        ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = QByteArray::number(ntohs(address.sin_port));
    }
    ~Peer()
    {
        if (m_connection >= 0)
            ::close(m_connection);
        ::close(m_listener);
    }
    const char *port() const { return m_port.constData(); }
    void accept() { m_connection = ::accept(m_listener, nullptr, nullptr); }
    // What has arrived so far, without waiting.
    QByteArray arrived() const
    {
        QByteArray out;
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::recv(m_connection, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n <= 0)
                return out;
            out.append(buffer, n);
        }
    }
    // Waits until size bytes arrived.
    QByteArray take(qsizetype size) const
    {
        QByteArray out;
        char buffer[65536];
        while (out.size() < size) {
            const ssize_t n = ::recv(m_connection, buffer, sizeof buffer, 0);
            if (n <= 0)
                break;
            out.append(buffer, n);
        }
        return out;
    }
    void send(const QByteArray &data) const
    {
        ::send(m_connection, data.constData(), data.size(), 0);
    }
    void hangUp()
    {
        ::close(m_connection);
        m_connection = -1;
    }

private:
    int m_listener = -1;
    int m_connection = -1;
    QByteArray m_port;
};

struct StreamDeleter
{
    void operator()(git_stream *s) const
    {
        s->close(s);
        s->free(s);
    }
};
using StreamPtr = std::unique_ptr<git_stream, StreamDeleter>;

StreamPtr open(const Peer &peer)
{
    git_stream *raw = nullptr;
    if (BufferedSocketStream::create(&raw, "127.0.0.1", peer.port()) != 0)
        return nullptr;
    StreamPtr stream(raw);
    return stream->connect(stream.get()) == 0 ? std::move(stream) : nullptr;
}

} // namespace

class TestBufferedSocketStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { hawkmoth::git::ensureInitialized(); }

    void smallWritesArriveTogetherBeforeTheRead()
    {
        Peer peer;
        StreamPtr stream = open(peer);
        QVERIFY(stream);
        peer.accept();
        const QByteArray request = "POST /git-receive-pack HTTP/1.1\r\n\r\n";
        for (const QByteArray &piece : {request, QByteArray("PACK"), QByteArray(30, 'x')})
            QCOMPARE(stream->write(stream.get(), piece.constData(), size_t(piece.size()), 0),
                     ssize_t(piece.size()));
        // Over loopback a send is in the peer's queue when it returns: nothing there, none made.
        QCOMPARE(peer.arrived(), QByteArray());
        peer.send("HTTP/1.1 200 OK\r\n\r\n");
        char answer[64] = {};
        const ssize_t n = stream->read(stream.get(), answer, sizeof answer);
        QCOMPARE(QByteArray(answer, int(n)), QByteArray("HTTP/1.1 200 OK\r\n\r\n"));
        QCOMPARE(peer.take(request.size() + 34), request + "PACK" + QByteArray(30, 'x'));
    }

    void aFullBlockIsSentAtOnce()
    {
        Peer peer;
        StreamPtr stream = open(peer);
        QVERIFY(stream);
        peer.accept();
        const QByteArray block(BufferedSocketStream::blockBytes, 'b');
        QCOMPARE(stream->write(stream.get(), block.constData(), size_t(block.size()), 0),
                 ssize_t(block.size()));
        QCOMPARE(peer.take(block.size()), block);
    }

    void aClosedConnectionIsAnError()
    {
        Peer peer;
        StreamPtr stream = open(peer);
        QVERIFY(stream);
        peer.accept();
        peer.hangUp();
        // The first send may still be taken by the kernel; the ones after it fail with EPIPE,
        // which MSG_NOSIGNAL keeps from raising SIGPIPE (that would end this test).
        const QByteArray block(BufferedSocketStream::blockBytes, 'c');
        ssize_t result = 0;
        for (int i = 0; i < 50 && result >= 0; ++i)
            result = stream->write(stream.get(), block.constData(), size_t(block.size()), 0);
        QCOMPARE(result, ssize_t(-1));
        QCOMPARE(git_error_last()->klass, int(GIT_ERROR_NET));
    }

    void anUnknownHostIsAnError()
    {
        git_stream *raw = nullptr;
        QCOMPARE(BufferedSocketStream::create(&raw, "host.invalid", "80"), 0);
        StreamPtr stream(raw);
        QCOMPARE(stream->connect(stream.get()), -1);
        QVERIFY(QByteArray(git_error_last()->message).contains("host.invalid"));
    }
};

QTEST_GUILESS_MAIN(TestBufferedSocketStream)
#include "tst_buffered_socket_stream.moc"
