#pragma once
// The lines typed into the command bar, recalled with Up and Down and kept across runs in a small
// file (one line each, newest last). The file is read and written on a thread of its own, one
// write at a time, so the GUI thread never waits on the disk.

#include <QFuture>
#include <QObject>
#include <QStringList>
#include <QThreadPool>

namespace hawkmoth {

class CommandHistory : public QObject
{
    Q_OBJECT

public:
    static constexpr int maxEntries = 500;

    explicit CommandHistory(QObject *parent = nullptr);
    ~CommandHistory() override; // finishes the last write

    // Reads the file (asynchronously; loaded() follows) in place of the previous one's lines;
    // lines typed in this session stay, newest.
    void setFile(const QString &file);
    QString file() const { return m_file; }
    const QStringList &entries() const { return m_entries; }

    // A line was run: remembered (a repeat of the last one once) and saved.
    void add(const QString &line);
    // Up: the previous line, starting from draft (what is typed now); nullopt at the oldest.
    std::optional<QString> older(const QString &draft);
    // Down: the next line, and the draft again after the newest; nullopt when not browsing.
    std::optional<QString> newer();
    void stopBrowsing() { m_position = -1; }

    // Waits for pending writes (tests, shutdown).
    void flush();

Q_SIGNALS:
    void loaded();

private:
    void save();

    QString m_file;
    QStringList m_entries;
    QStringList m_typed; // lines added since this object was made, kept over a file switch
    int m_position = -1; // index into m_entries while browsing, -1 otherwise
    QString m_draft;
    quint64 m_generation = 0;
    QThreadPool m_io; // one thread: writes land in order
};

} // namespace hawkmoth
