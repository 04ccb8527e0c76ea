#include "BufferedSocketStream.h"

#include <git2.h>
#include <git2/sys/stream.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hawkmoth::git {

namespace {

// What libgit2 knows of the stream comes first: libgit2 passes the git_stream back to each call.
struct Stream
{
    git_stream base;
    std::string host;
    std::string port;
    int fd = -1;
    std::vector<char> pending; // written, not sent yet
};

Stream *self(git_stream *stream)
{
    return reinterpret_cast<Stream *>(stream);
}

void setError(const char *what)
{
    const std::string text = std::string(what) + ": " + std::strerror(errno);
    git_error_set_str(GIT_ERROR_NET, text.c_str());
}

// Sends what was gathered. MSG_NOSIGNAL: a connection the server closed is an error to report,
// never a signal that ends the process.
int flush(Stream *s)
{
    std::size_t sent = 0;
    while (sent < s->pending.size()) {
        const ssize_t n =
            ::send(s->fd, s->pending.data() + sent, s->pending.size() - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            s->pending.clear();
            setError("error sending data");
            return -1;
        }
        sent += std::size_t(n);
    }
    s->pending.clear();
    return 0;
}

int connectStream(git_stream *stream)
{
    Stream *s = self(stream);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_family = AF_UNSPEC;
    addrinfo *info = nullptr;
    if (const int rc = ::getaddrinfo(s->host.c_str(), s->port.c_str(), &hints, &info); rc != 0) {
        const std::string text =
            "failed to resolve address for " + s->host + ": " + ::gai_strerror(rc);
        git_error_set_str(GIT_ERROR_NET, text.c_str());
        return -1;
    }
    int fd = -1;
    for (addrinfo *p = info; p; p = p->ai_next) {
        fd = ::socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
        if (fd < 0)
            continue;
        if (::connect(fd, p->ai_addr, p->ai_addrlen) == 0)
            break;
        ::close(fd); // the next address, if there is one
        fd = -1;
    }
    ::freeaddrinfo(info);
    if (fd < 0) {
        const std::string text = "failed to connect to " + s->host;
        git_error_set_str(GIT_ERROR_OS, text.c_str());
        return -1;
    }
    s->fd = fd;
    return 0;
}

ssize_t writeStream(git_stream *stream, const char *data, size_t length, int)
{
    Stream *s = self(stream);
    s->pending.insert(s->pending.end(), data, data + length);
    if (s->pending.size() >= std::size_t(BufferedSocketStream::blockBytes) && flush(s) < 0)
        return -1;
    return ssize_t(length);
}

ssize_t readStream(git_stream *stream, void *data, size_t length)
{
    Stream *s = self(stream);
    // The request is whole before its answer is awaited.
    if (flush(s) < 0)
        return -1;
    for (;;) {
        const ssize_t n = ::recv(s->fd, data, length, 0);
        if (n >= 0)
            return n;
        if (errno != EINTR) {
            setError("error receiving socket data");
            return -1;
        }
    }
}

int closeStream(git_stream *stream)
{
    Stream *s = self(stream);
    if (s->fd < 0)
        return 0;
    const int flushed = flush(s);
    const int closed = ::close(s->fd);
    s->fd = -1;
    return flushed < 0 || closed != 0 ? -1 : 0;
}

void freeStream(git_stream *stream)
{
    delete self(stream);
}

} // namespace

int BufferedSocketStream::create(git_stream **out, const char *host, const char *port)
{
    auto *s = new Stream;
    s->base.version = GIT_STREAM_VERSION;
    s->base.connect = &connectStream;
    s->base.read = &readStream;
    s->base.write = &writeStream;
    s->base.close = &closeStream;
    s->base.free = &freeStream;
    s->host = host;
    s->port = port;
    s->pending.reserve(BufferedSocketStream::blockBytes);
    *out = &s->base;
    return 0;
}

bool BufferedSocketStream::install()
{
    git_stream_registration registration{};
    registration.version = GIT_STREAM_VERSION;
    registration.init = &BufferedSocketStream::create;
    return git_stream_register(GIT_STREAM_STANDARD, &registration) == 0;
}

} // namespace hawkmoth::git
