#pragma once
// What the benchmark prints: one "key value" line per figure on stdout, for bench_gui.sh to put
// in its table; notes and errors go to stderr.

#include <QString>

namespace hawkmoth::bench {

class StallProbe;

void report(const QString &key, double value);
void report(const QString &key, const QString &value);
// p50, p99 and max lateness of every phase and of the whole run, and the worst stalls.
void reportStalls(const StallProbe &probe);
// Peak resident set size of this process (getrusage), and the current one, in KiB.
void reportMemory(const QString &prefix);

} // namespace hawkmoth::bench
