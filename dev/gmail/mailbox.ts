import { readFile } from 'node:fs/promises';
import type { gmail_v1 } from 'googleapis';
import { mapWithConcurrency } from './concurrency.js';
import { listEmlFiles } from './eml-files.js';
import { connectGmail } from './gmail-client.js';

export interface MailboxTarget {
  emulatorUrl: string;
  user: string;
  /** label name; created when missing */
  label: string;
  clientId?: string;
  clientSecret?: string;
  /** imports in flight at once (default 8) */
  concurrency?: number;
}

// Delivered mail that a Gmail filter labelled: still in the inbox, unread.
const DELIVERED = ['INBOX', 'UNREAD'];

/** The id of the label named `name` (Gmail compares names case-insensitively), created if missing. */
export async function ensureLabel(gmail: gmail_v1.Gmail, name: string): Promise<string> {
  const { data } = await gmail.users.labels.list({ userId: 'me' });
  const existing = data.labels?.find((l) => l.name?.toLowerCase() === name.toLowerCase());
  if (existing?.id) return existing.id;
  const created = await gmail.users.labels.create({
    userId: 'me',
    requestBody: { name, labelListVisibility: 'labelShow', messageListVisibility: 'show' },
  });
  if (!created.data.id) throw new Error(`labels.create returned no id for ${name}`);
  return created.data.id;
}

/** messages.import each raw RFC 822 message under the label; returns the new message ids in order. */
export async function importRawMessages(
  gmail: gmail_v1.Gmail,
  labelId: string,
  raws: ReadonlyArray<string | Uint8Array>,
  concurrency = 8,
): Promise<string[]> {
  return mapWithConcurrency(raws, concurrency, async (raw) => {
    const { data } = await gmail.users.messages.import({
      userId: 'me',
      requestBody: { raw: Buffer.from(raw).toString('base64url'), labelIds: [...DELIVERED, labelId] },
    });
    if (!data.id) throw new Error('messages.import returned no id');
    return data.id;
  });
}

/** Load .eml files (or directories of them, recursively) into `user`'s label, through the Gmail API. */
export async function importEmails(
  opts: MailboxTarget & { files: string[] },
): Promise<{ imported: number; labelId: string }> {
  const paths = await listEmlFiles(opts.files);
  const { labelId, ids } = await seedMessages({
    ...opts,
    raws: await Promise.all(paths.map((p) => readFile(p))),
  });
  return { imported: ids.length, labelId };
}

/** Put raw messages (e.g. syntheticConfirmation(i) for i < N) into `user`'s label; for tests and benchmarks. */
export async function seedMessages(
  opts: MailboxTarget & { raws: ReadonlyArray<string | Uint8Array> },
): Promise<{ labelId: string; ids: string[] }> {
  const gmail = await connectGmail(opts);
  const labelId = await ensureLabel(gmail, opts.label);
  const ids = await importRawMessages(gmail, labelId, opts.raws, opts.concurrency);
  return { labelId, ids };
}
