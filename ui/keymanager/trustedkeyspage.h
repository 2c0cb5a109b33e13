// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class KeyRing;
class MessageBar;
class PemFilePicker;
class QPushButton;
class QTableView;
class TrustedKeysModel;

// The "Trusted Keys" page of the Key Manager: the keys whose signed updates
// we accept, added from a PEM file once their fingerprint is confirmed, and
// the TLS certificates pinned for peers.
class TrustedKeysPage : public QWidget
{
    Q_OBJECT

public:
    explicit TrustedKeysPage(KeyRing *keyRing, QWidget *parent = nullptr);

    TrustedKeysModel *model() const { return m_keys; }
    TrustedKeysModel *pinsModel() const { return m_pins; }
    MessageBar *messageBar() const { return m_messages; }

    void addFromFile();
    // Reads the public key in fileName and asks to confirm its fingerprint.
    void confirmKeyFile(const QString &fileName);
    void removeSelected();

private:
    QTableView *createTable(TrustedKeysModel *model);
    void confirmKey(const QString &fileName, const QByteArray &pem);

    KeyRing *m_keyRing;
    TrustedKeysModel *m_keys;
    TrustedKeysModel *m_pins;
    QTableView *m_keysTable;
    QTableView *m_pinsTable;
    MessageBar *m_messages;
    PemFilePicker *m_picker;
    QPushButton *m_remove;
};
