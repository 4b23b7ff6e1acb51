import { createTransport } from 'nodemailer';
import { getConfig } from '#app/utils/config.server';

/**
 * Where outgoing e-mail goes. With SMTP_URL set: the mail server, through nodemailer. Without it
 * (demo mode): nowhere — the outbox row itself is the message, and administrators read it on the
 * demo mailbox page (/beheer/mail). Either way the outbox row's id is the Message-ID, so a message
 * that reaches a mailbox twice (see the crash note in jobs.server.ts) can be recognised.
 */
export interface OutgoingMail {
  /** The email_outbox row id. */
  id: string;
  to: string;
  subject: string;
  text: string;
  locale: 'nl' | 'en';
}

export interface MailTransport {
  kind: 'smtp' | 'mailbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The Message-ID of an outbox row: stable across attempts, unique per row. */
export function messageIdFor(outboxId: string): string {
  return `<${outboxId}@ipcei-portaal>`;
}

export function smtpTransport(url: string, from = getConfig().MAIL_FROM): MailTransport {
  const transporter = createTransport(url);
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: messageIdFor(mail.id),
        headers: { 'Content-Language': mail.locale, 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () => transporter.close(),
  };
}

/** Demo mode: the message stays in the outbox, where the mailbox page shows it. */
export const mailboxTransport: MailTransport = {
  kind: 'mailbox',
  async send() {},
  close() {},
};

/** The transport this process is configured for. */
export function configuredTransport(): MailTransport {
  const url = getConfig().SMTP_URL;
  return url ? smtpTransport(url) : mailboxTransport;
}
