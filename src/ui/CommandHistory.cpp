#include "CommandHistory.h"

#include "FutureGuard.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace hawkmoth {

namespace {

QStringList readLines(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList lines;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(QString::fromUtf8(line));
    }
    return lines.mid(qMax(0, int(lines.size()) - CommandHistory::maxEntries));
}

void writeLines(const QString &file, const QStringList &lines)
{
    QDir().mkpath(QFileInfo(file).absolutePath());
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text))
        return; // a history that cannot be kept is no reason to bother the user
    out.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n');
    out.commit();
}

} // namespace

CommandHistory::CommandHistory(QObject *parent)
    : QObject(parent)
{
    m_io.setMaxThreadCount(1);
}

CommandHistory::~CommandHistory()
{
    m_io.waitForDone();
}

void CommandHistory::setFile(const QString &file)
{
    m_file = file;
    const quint64 generation = ++m_generation;
    onResult(QtConcurrent::run(&m_io, readLines, file), this,
             [this, generation](const QStringList &old) {
                 if (generation != m_generation)
                     return;
                 m_entries = old + m_typed;
                 m_entries = m_entries.mid(qMax(0, int(m_entries.size()) - maxEntries));
                 m_position = -1;
                 Q_EMIT loaded();
             });
}

void CommandHistory::add(const QString &line)
{
    m_position = -1;
    if (line.trimmed().isEmpty())
        return;
    if (m_entries.isEmpty() || m_entries.last() != line) {
        m_entries.append(line);
        m_typed.append(line);
    }
    if (m_typed.size() > maxEntries)
        m_typed.removeFirst();
    if (m_entries.size() > maxEntries)
        m_entries.removeFirst();
    save();
}

void CommandHistory::save()
{
    if (m_file.isEmpty())
        return;
    // Nobody waits for a write: the single thread keeps them in order, the destructor drains it.
    (void)QtConcurrent::run(&m_io, writeLines, m_file, m_entries);
}

std::optional<QString> CommandHistory::older(const QString &draft)
{
    if (m_entries.isEmpty() || m_position == 0)
        return std::nullopt;
    if (m_position < 0) {
        m_draft = draft;
        m_position = int(m_entries.size());
    }
    return m_entries.at(--m_position);
}

std::optional<QString> CommandHistory::newer()
{
    if (m_position < 0)
        return std::nullopt;
    if (++m_position >= m_entries.size()) {
        m_position = -1;
        return m_draft;
    }
    return m_entries.at(m_position);
}

void CommandHistory::flush()
{
    m_io.waitForDone();
}

} // namespace hawkmoth
