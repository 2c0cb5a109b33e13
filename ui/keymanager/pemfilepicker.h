// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class QWidget;

// Picks a PEM key file with a non-modal file dialog and reads it, for the Key
// Manager pages that import keys. The text, or why it could not be read, comes
// back by signal: nothing waits in a nested event loop.
class PemFilePicker : public QObject
{
    Q_OBJECT

public:
    // A PEM key, even an RSA one with its certificate, is a few kilobytes: a
    // bigger file was picked by mistake and is refused before it fills memory.
    static constexpr qint64 kMaxFileSize = 256 * 1024;

    // The dialog is titled title, offers nameFilter and opens over parent.
    PemFilePicker(const QString &title, const QString &nameFilter, QWidget *parent);

    // Opens the file dialog; a file picked in it is read.
    void open();
    // Reads fileName as if it had been picked.
    void read(const QString &fileName);

signals:
    void fileRead(const QString &fileName, const QByteArray &pem);
    // message names the file and why it was not read.
    void readFailed(const QString &message);

private:
    QWidget *m_dialogParent;
    QString m_title;
    QString m_nameFilter;
};
