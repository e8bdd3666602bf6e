// A real SMTP server on loopback that keeps every mail it is given, for tests of what the platform
// mails (low balance, signup, password recovery) through its smtp_client relay.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  /** The raw message (headers and body). */
  data: string;
}

export interface SmtpCatcher {
  port: number;
  /** Every mail accepted, in order. */
  mails: CaughtMail[];
  /** While true the server answers every mail with an error (a relay refusing). */
  refuse: boolean;
  close(): Promise<void>;
}

/** What the catcher needs of a SystemConfig: its default write. */
interface ConfigDefaults {
  setDefault(category: string, key: string, value: unknown): Promise<unknown>;
}

export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const mails: CaughtMail[] = [];
  const catcher = { mails, refuse: false } as SmtpCatcher;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // No reverse DNS of 127.0.0.1 before the greeting: on a closed network it costs up to 1.5 s per
    // mail (smtp-server's cap), time a test waiting on a mail or on an answer sent after one does not need.
    disableReverseLookup: true,
    // close() ends a client's idle connection after this instead of waiting for it (default 30 s)
    closeTimeout: 1000,
    onData(stream, session, done) {
      let data = '';
      stream.on('data', (c: Buffer) => {
        data += c.toString();
      });
      stream.on('end', () => {
        if (catcher.refuse) return done(new Error('mailbox unavailable'));
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  catcher.port = (server.server.address() as AddressInfo).port;
  catcher.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return catcher;
}

/** Points system_config `smtp_client` at the catcher (plain SMTP on loopback). */
export async function relayTo(config: ConfigDefaults, catcher: SmtpCatcher): Promise<void> {
  await config.setDefault('smtp_client', 'relay', '127.0.0.1');
  await config.setDefault('smtp_client', 'port', catcher.port);
  await config.setDefault('smtp_client', 'tls', 'never');
}

/** The text of a mail as sent (quoted-printable soft breaks and escapes undone). */
export function decodedMail(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}
