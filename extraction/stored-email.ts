import type { ParsedEmail } from './parse-email.js';

/** The archived columns the extractor reads, however the message reached it. */
export interface StoredEmail {
  subject: string | null;
  sender: string | null;
  internal_date: Date | null;
  headers: Record<string, string>;
  body_text: string | null;
  body_html: string | null;
  parse_error: string | null;
}

/** A parsed message as the archive stores it: Postgres text cannot hold NUL, so it is dropped. */
export function toStored(parsed: ParsedEmail, internalDate: Date | null): StoredEmail {
  return {
    subject: stripNul(parsed.subject),
    sender: stripNul(parsed.from),
    internal_date: internalDate,
    headers: Object.fromEntries(Object.entries(parsed.headers).map(([n, v]) => [stripNul(n), stripNul(v)])),
    body_text: stripNul(parsed.text),
    body_html: stripNul(parsed.html),
    parse_error: parsed.error,
  };
}

/** The extractor's input rebuilt from the archive: the archive step and reprocessing read the same. */
export function toParsed(row: StoredEmail): ParsedEmail {
  const headerDate = row.headers.date ? new Date(row.headers.date) : null;
  const date = headerDate && !Number.isNaN(headerDate.getTime()) ? headerDate : row.internal_date;
  return {
    subject: row.subject,
    from: row.sender,
    date: date ? date.toISOString() : null,
    headers: row.headers,
    text: row.body_text,
    html: row.body_html,
    error: row.parse_error,
  };
}

function stripNul<T extends string | null>(value: T): T {
  return (value === null ? null : value.replaceAll('\u0000', '')) as T;
}
