#pragma once
// How a job reads to people in the jobs panel and the status bar: its kind, its state, its
// progress and when it runs next, as short translated texts.

#include "Job.h"

#include <QString>

namespace hawkmoth::jobtext {

QString kind(const QString &kind);
// "cancelling" for a running job the user cancelled, "held" for one a server asked to wait.
QString state(const Job &job, qint64 nowMs);
// "1.2 MiB / 4.0 MiB · 3/10 files"; empty when the job reported nothing yet.
QString progress(const Progress &progress);
// Done of total in [0, 1] (bytes first, then files, then git objects); -1 without a total.
double fraction(const Progress &progress);
// When a waiting job runs next: a time, "when unblocked", or empty when it does not wait.
QString nextAttempt(const Job &job, qint64 nowMs);

} // namespace hawkmoth::jobtext
