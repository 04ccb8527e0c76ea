#pragma once
// Sorts the project tree (folders first, names in natural order) and filters it by name, keeping
// the folders above every match and everything inside a matching folder.

#include <QCollator>
#include <QSortFilterProxyModel>

namespace hawkmoth {

class ProjectTreeProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ProjectTreeProxy(QObject *parent = nullptr);

    // Text matched anywhere in a name, case-insensitively; '*' and '?' make it a wildcard.
    void setNameFilter(const QString &text);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QCollator m_collator;
};

} // namespace hawkmoth
