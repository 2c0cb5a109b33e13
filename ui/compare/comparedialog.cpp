// SPDX-License-Identifier: MIT
#include "comparedialog.h"

#include "format.h"
#include "peerconnection.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

CompareDialog::CompareDialog(const QList<PeerConnection *> &peers, QWidget *parent)
    : QDialog(parent), m_targetBox(new QComboBox(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Compare With"));
    m_targetBox->setEditable(true);
    m_targetBox->setInsertPolicy(QComboBox::NoInsert);
    m_targetBox->lineEdit()->setPlaceholderText(tr("HOST:PORT or a replica file"));
    for (PeerConnection *peer : peers) {
        // An accepted peer's address is its outgoing port, which nobody listens on.
        if (peer->direction() != PeerConnection::Direction::Dialed)
            continue;
        m_peers.append(peer);
        m_targetBox->addItem(peer->spec().address());
    }
    m_targetBox->setCurrentIndex(m_targetBox->count() > 0 ? 0 : -1);

    auto *browseButton = new QPushButton(tr("&File…"), this);
    connect(browseButton, &QPushButton::clicked, this, &CompareDialog::browse);
    auto *row = new QHBoxLayout;
    row->addWidget(m_targetBox, 1);
    row->addWidget(browseButton);

    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(link);"));
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Compare"));
    connect(buttons, &QDialogButtonBox::accepted, this, &CompareDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &CompareDialog::reject);

    auto *explanation
            = new QLabel(tr("The other side is only read: Scuttlescope sends it an empty clock "
                            "and no updates, and reads a file without writing or locking it."),
                         this);
    explanation->setWordWrap(true);
    setMinimumWidth(480); // the explanation in two lines, not five

    auto *layout = new QFormLayout(this);
    layout->addRow(explanation);
    auto *targetLabel = new QLabel(tr("&Compare with:"), this);
    targetLabel->setBuddy(m_targetBox); // a row that is a layout gets no buddy of its own
    layout->addRow(targetLabel, row);
    layout->addRow(m_error);
    layout->addRow(buttons);
}

QString CompareDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void CompareDialog::accept()
{
    const QString text = m_targetBox->currentText().trimmed();
    const auto target = CompareSource::parseTarget(text);
    if (!target) {
        m_error->setText(Format::asSentence(target.errorMessage()));
        m_error->show();
        return;
    }
    m_target = *target;
    m_peer = nullptr;
    for (const auto &peer : m_peers) {
        if (peer && !m_target.isFile() && peer->spec().address() == m_target.peer.address()) {
            // Its dialect, meta and TLS identity too.
            m_peer = peer;
            m_target.peer = peer->spec();
        }
    }
    QDialog::accept();
}

void CompareDialog::browse()
{
    auto *dialog = new QFileDialog(this, tr("Compare With a Replica File"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilter(tr("Replica files (*.sbreplica);;All files (*)"));
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &file) { m_targetBox->setCurrentText(file); });
    dialog->open();
}
