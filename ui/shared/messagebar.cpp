// SPDX-License-Identifier: MIT
#include "messagebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_text(new QLabel(this)),
      m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBar"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Close"));
    connect(m_close, &QToolButton::clicked, this, &MessageBar::clear);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &MessageBar::clear);
    hide();
}

void MessageBar::showMessage(Severity severity, const QString &text, int timeoutMs)
{
    m_severity = severity;
    m_text->setText(text);
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QString colors = QStringLiteral("background: #e8f1fb; border: 1px solid #8db4e2;");
    if (severity == Severity::Warning) {
        icon = QStyle::SP_MessageBoxWarning;
        colors = QStringLiteral("background: #fff4d6; border: 1px solid #e0b84c;");
    } else if (severity == Severity::Error) {
        icon = QStyle::SP_MessageBoxCritical;
        colors = QStringLiteral("background: #fde7e7; border: 1px solid #d97a7a;");
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    setStyleSheet(QStringLiteral("#messageBar { %1 border-radius: 3px; } "
                                 "#messageBar QLabel { color: #202020; }")
                          .arg(colors));
    show();
    if (timeoutMs > 0)
        m_timer.start(timeoutMs);
    else
        m_timer.stop();
}

void MessageBar::clear()
{
    m_timer.stop();
    m_text->clear();
    hide();
}

QString MessageBar::text() const
{
    return m_text->text();
}
