// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;

// A read-only pane showing one JSON document indented, under a caption: the
// value of the selected key, or the selected update of the timeline.
class JsonPane : public QWidget
{
    Q_OBJECT

public:
    explicit JsonPane(QWidget *parent = nullptr);

    void setCaption(const QString &caption);
    QString caption() const;
    // Shows json indented; text that does not parse is shown as it is.
    void setJson(const QByteArray &json);
    // Shows text as it is, wrapped: a wire message rather than a document.
    void setText(const QString &text);
    void setPlaceholder(const QString &text);
    QString text() const;

private:
    QLabel *m_caption;
    QPlainTextEdit *m_text;
};
