// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;

// Asks for a key and its value as JSON, and refuses to close on input the
// replica would not take, saying why.
class AddKeyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AddKeyDialog(QWidget *parent = nullptr);

    QString key() const;
    QString valueJson() const;
    QLineEdit *keyEdit() const { return m_key; }
    QLineEdit *valueEdit() const { return m_value; }
    QString errorText() const;

    void accept() override;

private:
    QLineEdit *m_key;
    QLineEdit *m_value;
    QLabel *m_error;
};
