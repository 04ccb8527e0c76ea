#include "LineDiff.h"

#include <algorithm>
#include <vector>

namespace hawkmoth {

namespace {

// One hunk's range as the unified format writes it: "start,count", start 0 for an empty side.
QString range(int start, int count)
{
    if (count == 0)
        return QStringLiteral("%1,0").arg(start > 0 ? start - 1 : 0);
    if (count == 1)
        return QString::number(start);
    return QStringLiteral("%1,%2").arg(start).arg(count);
}

} // namespace

LineDiff::LineDiff(const QString &oldText, const QString &newText)
{
    compute(splitLines(oldText), splitLines(newText));
}

QStringList LineDiff::splitLines(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast(); // the newline ends the last line; it does not start another
    for (QString &line : lines) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
    }
    return lines;
}

void LineDiff::compute(const QStringList &a, const QStringList &b)
{
    const int n = int(a.size());
    const int m = int(b.size());
    int prefix = 0;
    while (prefix < n && prefix < m && a[prefix] == b[prefix])
        ++prefix;
    int suffix = 0;
    while (suffix < n - prefix && suffix < m - prefix && a[n - 1 - suffix] == b[m - 1 - suffix])
        ++suffix;
    const int na = n - prefix - suffix;
    const int nb = m - prefix - suffix;
    const auto A = [&](int i) -> const QString & { return a[prefix + i]; };
    const auto B = [&](int j) -> const QString & { return b[prefix + j]; };

    // Myers: v[k] is the furthest x on diagonal k; trace keeps v as it was before each round d,
    // which the walk back from the end needs to find the move that led to each point.
    const int maxD = std::min(na + nb, int(maxEditDistance));
    const int offset = maxD + 1;
    std::vector<int> v(size_t(2 * maxD + 3), 0);
    std::vector<std::vector<int>> trace;
    int found = -1;
    for (int d = 0; d <= maxD && found < 0; ++d) {
        trace.push_back(v);
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                        ? v[offset + k + 1]
                        : v[offset + k - 1] + 1;
            int y = x - k;
            while (x < na && y < nb && A(x) == B(y)) {
                ++x;
                ++y;
            }
            v[offset + k] = x;
            if (x >= na && y >= nb) {
                found = d;
                break;
            }
        }
    }
    if (found < 0) {
        replaceAll(a, b, prefix, suffix);
        return;
    }

    QList<Line> middle; // built backwards
    int x = na;
    int y = nb;
    for (int d = found; d > 0; --d) {
        const std::vector<int> &pv = trace[size_t(d)];
        const int k = x - y;
        const bool down = k == -d || (k != d && pv[offset + k - 1] < pv[offset + k + 1]);
        const int prevK = down ? k + 1 : k - 1;
        const int prevX = pv[offset + prevK];
        const int prevY = prevX - prevK;
        while (x > (down ? prevX : prevX + 1) && y > (down ? prevY + 1 : prevY)) {
            --x;
            --y;
            middle.append({Kind::Same, A(x), prefix + x + 1, prefix + y + 1});
        }
        if (down)
            middle.append({Kind::Added, B(prevY), 0, prefix + prevY + 1});
        else
            middle.append({Kind::Removed, A(prevX), prefix + prevX + 1, 0});
        x = prevX;
        y = prevY;
    }
    while (x > 0 && y > 0) {
        --x;
        --y;
        middle.append({Kind::Same, A(x), prefix + x + 1, prefix + y + 1});
    }
    std::reverse(middle.begin(), middle.end());

    m_lines.reserve(prefix + middle.size() + suffix);
    for (int i = 0; i < prefix; ++i)
        m_lines.append({Kind::Same, a[i], i + 1, i + 1});
    m_lines.append(middle);
    for (int i = 0; i < suffix; ++i)
        m_lines.append({Kind::Same, a[n - suffix + i], n - suffix + i + 1, m - suffix + i + 1});
}

void LineDiff::replaceAll(const QStringList &a, const QStringList &b, int prefix, int suffix)
{
    const int n = int(a.size());
    const int m = int(b.size());
    for (int i = 0; i < prefix; ++i)
        m_lines.append({Kind::Same, a[i], i + 1, i + 1});
    for (int i = prefix; i < n - suffix; ++i)
        m_lines.append({Kind::Removed, a[i], i + 1, 0});
    for (int j = prefix; j < m - suffix; ++j)
        m_lines.append({Kind::Added, b[j], 0, j + 1});
    for (int i = 0; i < suffix; ++i)
        m_lines.append({Kind::Same, a[n - suffix + i], n - suffix + i + 1, m - suffix + i + 1});
}

bool LineDiff::isIdentical() const
{
    return std::all_of(m_lines.cbegin(), m_lines.cend(),
                       [](const Line &l) { return l.kind == Kind::Same; });
}

int LineDiff::added() const
{
    return int(std::count_if(m_lines.cbegin(), m_lines.cend(),
                             [](const Line &l) { return l.kind == Kind::Added; }));
}

int LineDiff::removed() const
{
    return int(std::count_if(m_lines.cbegin(), m_lines.cend(),
                             [](const Line &l) { return l.kind == Kind::Removed; }));
}

QString LineDiff::unified(const QString &oldName, const QString &newName, int context) const
{
    QString out = QStringLiteral("--- %1\n+++ %2\n").arg(oldName, newName);
    const int total = int(m_lines.size());
    int i = 0;
    while (i < total) {
        // The next change, then the hunk around it: changes closer than 2 * context share one.
        while (i < total && m_lines[i].kind == Kind::Same)
            ++i;
        if (i == total)
            break;
        const int start = std::max(0, i - context);
        int end = i;
        for (;;) {
            while (end < total && m_lines[end].kind != Kind::Same)
                ++end;
            int same = end;
            while (same < total && m_lines[same].kind == Kind::Same && same - end < 2 * context)
                ++same;
            if (same < total && m_lines[same].kind != Kind::Same) {
                end = same;
                continue;
            }
            end = std::min(total, end + context);
            break;
        }
        int oldStart = 0;
        int newStart = 0;
        int oldCount = 0;
        int newCount = 0;
        // A hunk's start is the first line of each side in it, or where that side's empty
        // range sits: after the lines before it.
        int oldBefore = 0;
        int newBefore = 0;
        for (int j = 0; j < start; ++j) {
            oldBefore = m_lines[j].oldLine ? m_lines[j].oldLine : oldBefore;
            newBefore = m_lines[j].newLine ? m_lines[j].newLine : newBefore;
        }
        QString body;
        for (int j = start; j < end; ++j) {
            const Line &line = m_lines[j];
            if (line.oldLine) {
                oldStart = oldStart ? oldStart : line.oldLine;
                ++oldCount;
            }
            if (line.newLine) {
                newStart = newStart ? newStart : line.newLine;
                ++newCount;
            }
            const QChar mark = line.kind == Kind::Same      ? QLatin1Char(' ')
                               : line.kind == Kind::Removed ? QLatin1Char('-')
                                                            : QLatin1Char('+');
            body += mark + line.text + QLatin1Char('\n');
        }
        out += QStringLiteral("@@ -%1 +%2 @@\n")
                   .arg(range(oldStart ? oldStart : oldBefore + 1, oldCount),
                        range(newStart ? newStart : newBefore + 1, newCount));
        out += body;
        i = end;
    }
    return out;
}

} // namespace hawkmoth
