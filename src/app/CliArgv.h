#pragma once
// The raw argv checks both executables make before Qt decodes the arguments: whether they name a
// subcommand at all, and whether every argument is UTF-8.

namespace hawkmoth {

class CliArgv
{
public:
    // True when the arguments name a subcommand (global options alone still open the window).
    static bool wantsCli(int argc, char **argv);
    // Refuses (UsageError, with the bytes shown) an argument that is not valid UTF-8: Qt would
    // turn its bad bytes into U+FFFD, so two different names would land on one file.
    static int checkEncoding(int argc, char **argv);
};

} // namespace hawkmoth
