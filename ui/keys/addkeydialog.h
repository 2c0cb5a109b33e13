// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;

// Asks for a key and its value as JSON and sets it through commit, which
// returns why the replica refused it; the dialog then stays open saying why.
class AddKeyDialog : public QDialog
{
    Q_OBJECT

public:
    using Commit = std::function<std::optional<QString>(const QString &key, const QString &json)>;
    explicit AddKeyDialog(Commit commit, QWidget *parent = nullptr);

    QString key() const;
    QString valueJson() const;
    QLineEdit *keyEdit() const { return m_key; }
    QLineEdit *valueEdit() const { return m_value; }
    QString errorText() const;

    void accept() override;

private:
    Commit m_commit;
    QLineEdit *m_key;
    QLineEdit *m_value;
    QLabel *m_error;
};
