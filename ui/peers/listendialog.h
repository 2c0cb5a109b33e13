#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class ReplicaSession;

// Asks for a port (and whether to accept only local peers) and starts
// listening; if the port cannot be bound, it says why and stays open.
class ListenDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ListenDialog(ReplicaSession *session, QWidget *parent = nullptr);

    QLineEdit *portEdit() const { return m_port; }
    QString errorText() const;

    void accept() override;

private:
    ReplicaSession *m_session;
    QLineEdit *m_port;
    QComboBox *m_interface;
    QLabel *m_error;
};
