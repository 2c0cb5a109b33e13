// SPDX-License-Identifier: MIT
#pragma once

#include <QLineEdit>
#include <QTimer>

// A search box that reports what to filter by once typing pauses, so that a
// table of a million rows is filtered once per word rather than per keystroke.
class FilterLineEdit : public QLineEdit
{
    Q_OBJECT

public:
    explicit FilterLineEdit(QWidget *parent = nullptr);

signals:
    void filterChanged(const QString &text);

private:
    QTimer m_debounce;
};
