#pragma once
// A line diff of two texts (Myers' O(ND) algorithm) rendered as a unified diff, for showing an
// old version of a file against the current content. Pure computation: run it off the GUI thread.

#include <QList>
#include <QString>
#include <QStringList>

namespace hawkmoth {

class LineDiff
{
public:
    enum class Kind
    {
        Same,
        Removed,
        Added
    };
    struct Line
    {
        Kind kind = Kind::Same;
        QString text;
        int oldLine = 0; // 1-based; 0 for added lines
        int newLine = 0; // 1-based; 0 for removed lines
    };

    // Past this many differing lines the edit script is not searched for: the texts are shown
    // as one replacement, so a diff of two unrelated large files stays quick.
    static constexpr int maxEditDistance = 20000;

    LineDiff(const QString &oldText, const QString &newText);

    const QList<Line> &lines() const { return m_lines; }
    bool isIdentical() const;
    int added() const;
    int removed() const;
    // "--- a/x\n+++ b/x\n@@ -1,3 +1,4 @@\n ..." with context lines around each change.
    QString unified(const QString &oldName, const QString &newName, int context = 3) const;

    static QStringList splitLines(const QString &text);

private:
    void compute(const QStringList &a, const QStringList &b);
    void replaceAll(const QStringList &a, const QStringList &b, int prefix, int suffix);

    QList<Line> m_lines;
};

} // namespace hawkmoth
