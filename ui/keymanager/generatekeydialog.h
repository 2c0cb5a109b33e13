// SPDX-License-Identifier: MIT
#pragma once

#include "publickey.h"

#include <QDialog>

class KeyRing;
class QComboBox;
class QLabel;
class QLineEdit;

// Asks for what a new key pair needs: a name, the algorithm (Ed25519 unless
// the peers are npm scuttlebutt's security.js, which speaks RSA) and an
// optional passphrase, typed twice in password fields. It refuses to close
// on a name in use or passphrases that differ, saying why.
class GenerateKeyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit GenerateKeyDialog(KeyRing *keyRing, QWidget *parent = nullptr);

    QString name() const;
    sb::PublicKey::Algorithm algorithm() const;
    int rsaBits() const;
    QByteArray passphrase() const;

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *algorithmBox() const { return m_algorithm; }
    QLineEdit *passphraseEdit() const { return m_passphrase; }
    QLineEdit *confirmEdit() const { return m_confirm; }
    QString errorText() const;

    void accept() override;

private:
    KeyRing *m_keyRing;
    QLineEdit *m_name;
    QComboBox *m_algorithm;
    QLineEdit *m_passphrase;
    QLineEdit *m_confirm;
    QLabel *m_error;
};
