// SPDX-License-Identifier: MIT
#pragma once

#include "publickey.h"

#include <QDialog>

class QLineEdit;

// Shows a public key about to be trusted (where it came from, its
// fingerprint and the source id it binds) so that it can be compared with
// what its owner reads out, and asks for a name to trust it under.
class TrustKeyDialog : public QDialog
{
    Q_OBJECT

public:
    TrustKeyDialog(const sb::PublicKey &key, const QString &fileName, QWidget *parent = nullptr);

    const sb::PublicKey &key() const { return m_key; }
    QString name() const;
    QLineEdit *nameEdit() const { return m_name; }

private:
    sb::PublicKey m_key;
    QLineEdit *m_name;
};
