// SPDX-License-Identifier: MIT
#pragma once

#include "keypair.h"

#include <QWidget>

class KeyRing;
class MessageBar;
class OwnKeysModel;
class PemFilePicker;
class QPushButton;
class QTableView;

// The "My Keys" page of the Key Manager: our key pairs, and generating (off
// the GUI thread: an RSA key takes a while), importing, exporting and
// removing them. "Sign with This Key" hands the choice to whoever signs.
class OwnKeysPage : public QWidget
{
    Q_OBJECT

public:
    explicit OwnKeysPage(KeyRing *keyRing, QWidget *parent = nullptr);

    OwnKeysModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    MessageBar *messageBar() const { return m_messages; }
    QPushButton *generateButton() const { return m_generate; }
    QString currentName() const;

    void openGenerateDialog();
    void importKey();
    // Reads the PEM private key in fileName, asking for its passphrase and a name.
    void importFile(const QString &fileName);
    void exportPublicKey();
    void removeKey();
    // Makes the key in a worker thread and saves it under name.
    void generate(const QString &name, sb::PublicKey::Algorithm algorithm, int rsaBits,
                  const QByteArray &passphrase);
    bool isGenerating() const { return m_generating; }

signals:
    void signRequested(const QString &name);

private:
    void importPem(const QString &fileName, const QByteArray &pem);
    void nameImported(const QString &fileName, const sb::KeyPair &key,
                      const QByteArray &passphrase);
    void select(const QString &name);
    void updateButtons();

    KeyRing *m_keyRing;
    OwnKeysModel *m_model;
    QTableView *m_table;
    MessageBar *m_messages;
    PemFilePicker *m_picker;
    QPushButton *m_generate;
    QPushButton *m_import;
    QPushButton *m_export;
    QPushButton *m_remove;
    QPushButton *m_sign;
    bool m_generating = false;
};
