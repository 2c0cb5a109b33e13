// SPDX-License-Identifier: MIT
#include "pemfilepicker.h"

#include <QFile>
#include <QFileDialog>

PemFilePicker::PemFilePicker(const QString &title, const QString &nameFilter, QWidget *parent)
    : QObject(parent), m_dialogParent(parent), m_title(title), m_nameFilter(nameFilter)
{ }

void PemFilePicker::open()
{
    auto *dialog = new QFileDialog(m_dialogParent, m_title);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilter(m_nameFilter);
    connect(dialog, &QFileDialog::fileSelected, this, &PemFilePicker::read);
    dialog->open();
}

void PemFilePicker::read(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        emit readFailed(tr("%1: cannot read: %2").arg(fileName, file.errorString()));
        return;
    }
    // One byte past the cap tells a file too big, even one whose size is not
    // known up front (a pipe, a device).
    const QByteArray pem = file.read(kMaxFileSize + 1);
    if (file.error() != QFileDevice::NoError) {
        emit readFailed(tr("%1: cannot read: %2").arg(fileName, file.errorString()));
        return;
    }
    if (pem.size() > kMaxFileSize) {
        emit readFailed(tr("%1: cannot read: it is larger than %2 KiB, too large for "
                           "a PEM key file")
                                .arg(fileName)
                                .arg(kMaxFileSize / 1024));
        return;
    }
    emit fileRead(fileName, pem);
}
