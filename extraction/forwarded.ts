import { parseDate } from './dates.js';

/** What a forwarded mail keeps of the original: its headers are gone, only this block remains. */
export interface ForwardedOriginal {
  from: string | null;
  subject: string | null;
  sentAt: Date | null;
  body: string;
}

/** Lines that clients put above a forwarded message (Gmail in several languages, Outlook, Apple Mail). */
const FORWARD_MARKER =
  /^[ \t>]*(?:-{2,}\s*(?:Forwarded message|Original Message|Mensaje reenviado|Messaggio inoltrato|Message transféré|Message d'origine|Weitergeleitete Nachricht|Mensagem encaminhada)\s*-{2,}|Begin forwarded message:|Inizio messaggio inoltrato:|Début du message réexpédié :)\s*$/im;

const FIELD_LABELS: readonly { field: 'from' | 'subject' | 'date'; pattern: RegExp }[] = [
  { field: 'from', pattern: /^(?:From|De|Da|Von|Van)\s*:\s*(.*)$/i },
  { field: 'subject', pattern: /^(?:Subject|Asunto|Oggetto|Objet|Betreff|Onderwerp|Assunto)\s*:\s*(.*)$/i },
  { field: 'date', pattern: /^(?:Date|Sent|Fecha|Enviado|Data|Inviato|Datum|Gesendet)\s*:\s*(.*)$/i },
];

/** A forwarded header line is short; a hostile one is cut before any pattern sees it. */
const MAX_FIELD_LINE = 1_000;

const HEADER_LIKE = /^[\p{L}-]+(?: [\p{L}-]+)?\s*:/u;

/** The original message inside a forwarded one (the innermost, when forwarded twice), or null. */
export function unwrapForwarded(text: string): ForwardedOriginal | null {
  let original: ForwardedOriginal | null = null;
  let rest = text;
  for (let depth = 0; depth < 5; depth++) {
    const marker = FORWARD_MARKER.exec(rest);
    if (!marker) break;
    original = readForwardedBlock(rest.slice(marker.index + marker[0].length), original);
    rest = original.body;
  }
  return original;
}

function readForwardedBlock(block: string, outer: ForwardedOriginal | null): ForwardedOriginal {
  const lines = block.replace(/^\s*\n/, '').split('\n');
  const fields: Partial<Record<'from' | 'subject' | 'date', string>> = {};
  let at = 0;
  for (; at < lines.length; at++) {
    const line = lines[at]!.slice(0, MAX_FIELD_LINE)
      .replace(/^[ \t>]+/, '')
      .trim();
    if (line === '') break;
    const field = FIELD_LABELS.find((f) => f.pattern.test(line));
    if (field) fields[field.field] = field.pattern.exec(line)?.[1]?.trim() ?? '';
    else if (!HEADER_LIKE.test(line)) break;
  }
  return {
    from: addressIn(fields.from) ?? outer?.from ?? null,
    subject: fields.subject ?? outer?.subject ?? null,
    sentAt: dateIn(fields.date) ?? outer?.sentAt ?? null,
    body: lines.slice(at).join('\n'),
  };
}

function addressIn(value: string | undefined): string | null {
  return value?.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/)?.[0]?.toLowerCase() ?? null;
}

function dateIn(value: string | undefined): Date | null {
  if (!value) return null;
  const iso = parseDate(value, { sentAt: null, numericOrder: 'MDY' });
  if (iso) return new Date(`${iso}T12:00:00Z`);
  const native = new Date(value.replace(/\s+at\s+/, ' '));
  return Number.isNaN(native.getTime()) ? null : native;
}
