// SPDX-License-Identifier: MIT
#pragma once

#include "severity.h"

#include <QFrame>
#include <QTimer>

class QLabel;
class QToolButton;

// An inline message above a view, in the manner of KMessageWidget: says what
// failed without a modal box, and goes away when closed or after a timeout.
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    explicit MessageBar(QWidget *parent = nullptr);

    // timeoutMs 0 keeps the message until closed or replaced.
    void showMessage(Severity severity, const QString &text, int timeoutMs = 0);
    void clear();
    QString text() const;
    Severity severity() const { return m_severity; }

private:
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_close;
    QTimer m_timer;
    Severity m_severity = Severity::Info;
};
