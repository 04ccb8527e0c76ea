#pragma once
// libgit2's plain TCP connection with its writes gathered: libgit2 1.5 hands a pack to the socket
// piece by piece as it builds it — an object's header, its compressed bytes, and for smart HTTP a
// chunk header and a CRLF around each — so a push of 10,000 small files made 60,000 send() calls
// of 36 bytes on average. This stream sends them in blocks of up to 64 KiB and whatever is
// gathered before it reads the answer. Registered once for the process; TLS connections run over
// it too.

struct git_stream;

namespace hawkmoth::git {

class BufferedSocketStream
{
public:
    static constexpr int blockBytes = 64 * 1024;

    // Makes libgit2 use it for every plain (and TLS-carrying) connection of the process; false
    // when libgit2 refused it (it keeps its own then).
    static bool install();
    // A stream to host:port, not connected yet: what libgit2 gets once it is installed.
    static int create(git_stream **out, const char *host, const char *port);
};

} // namespace hawkmoth::git
