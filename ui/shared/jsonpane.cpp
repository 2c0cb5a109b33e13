// SPDX-License-Identifier: MIT
#include "jsonpane.h"

#include "format.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace {
constexpr qsizetype kMaxShownBytes = 2 * 1024 * 1024;
}

JsonPane::JsonPane(QWidget *parent)
    : QWidget(parent), m_caption(new QLabel(this)), m_text(new QPlainTextEdit(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caption->setTextFormat(Qt::RichText);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_caption);
    layout->addWidget(m_text, 1);
}

void JsonPane::setCaption(const QString &caption)
{
    m_caption->setText(caption);
}

QString JsonPane::caption() const
{
    return m_caption->text();
}

void JsonPane::setJson(const QByteArray &json)
{
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    if (json.size() > kMaxShownBytes) {
        m_text->setPlainText(QString::fromUtf8(json.left(kMaxShownBytes))
                             + tr("\n… (%1 in all; export the replica to see it whole)")
                                       .arg(Format::bytes(json.size())));
        return;
    }
    m_text->setPlainText(Format::prettyJson(json));
}

void JsonPane::setText(const QString &text)
{
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setPlainText(text);
}

void JsonPane::setPlaceholder(const QString &text)
{
    m_text->clear();
    m_text->setPlaceholderText(text);
}

QString JsonPane::text() const
{
    return m_text->toPlainText();
}
