// hawkmoth: with a subcommand the headless CLI; without one it hands over to hawkmoth-gui beside
// it. Commands thus never load the widget, OpenGL and font libraries: mapping them costs more
// than a small command's whole work.

#include "CliApp.h"
#include "CliArgv.h"
#include "ServeApp.h"

#include <QCoreApplication>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <string>
#include <unistd.h>

namespace {

// The window's executable: hawkmoth-gui in the folder this executable really lives in.
std::string windowExecutable()
{
    char self[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return "hawkmoth-gui";
    std::string path(self, size_t(n));
    return path.substr(0, path.rfind('/') + 1) + "hawkmoth-gui";
}

// A command lives for a moment. Memory one step frees is kept for the next instead of going back
// to the kernel, large blocks come from the heap too, and threads share a few arenas instead of
// each making its own: on a virtual machine every page taken fresh from the kernel costs a fault
// of tens of microseconds, which made up half of a small sync. Four, not two: an import runs
// three threads that allocate at once (the walk, the copying, the publisher), and with two
// arenas they queued on each other's locks (100,000 files: 0.2 to 3 s more user CPU).
void keepFreedMemory()
{
    mallopt(M_ARENA_MAX, 4);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
}

} // namespace

int main(int argc, char **argv)
{
    if (const int refused = hawkmoth::CliArgv::checkEncoding(argc, argv); refused != 0)
        return refused;
    if (!hawkmoth::CliArgv::wantsCli(argc, argv)) {
        const std::string gui = windowExecutable();
        argv[0] = const_cast<char *>(gui.c_str());
        ::execv(gui.c_str(), argv);
        std::fprintf(stderr, "hawkmoth: cannot start the window (%s): %s\n", gui.c_str(),
                     std::strerror(errno));
        return hawkmoth::CliApp::UserError;
    }
    hawkmoth::CliApp::setIdentity();
    if (std::strcmp(argv[1], "serve") == 0) {
        // A long-lived process: freed memory goes back to the system as usual.
        QCoreApplication app(argc, argv);
        return hawkmoth::ServeApp::run(app.arguments().mid(2));
    }
    keepFreedMemory();
    QCoreApplication app(argc, argv);
    return hawkmoth::CliApp::run(app.arguments().mid(1));
}
