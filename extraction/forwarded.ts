import { parseDate } from './dates.js';

/** What a forwarded mail keeps of the original: its headers are gone, only this block remains. */
export interface ForwardedOriginal {
  from: string | null;
  subject: string | null;
  sentAt: Date | null;
  body: string;
}

/**
 * Lines that mail clients put above a forwarded message, in every vocabulary language: Gmail
 * (`---------- Forwarded message ---------`), Thunderbird (`-------- Forwarded Message --------`,
 * `-------- Message transféré --------`), Outlook (`-----Original Message-----`,
 * `-----Ursprüngliche Nachricht-----`, a line of underscores), Apple Mail (`Begin forwarded message:`).
 */
const MARKER_WORDS = [
  // en
  'Forwarded message',
  'Forwarded Message',
  'Original Message',
  // es
  'Mensaje reenviado',
  'Mensaje original',
  // it
  'Messaggio inoltrato',
  'Messaggio originale',
  // fr
  'Message transféré',
  "Message d'origine",
  'Message original',
  // de
  'Weitergeleitete Nachricht',
  'Ursprüngliche Nachricht',
  'Originalnachricht',
  // pt
  'Mensagem encaminhada',
  'Mensagem original',
  'Mensagem reencaminhada',
  // nl
  'Doorgestuurd bericht',
  'Oorspronkelijk bericht',
  'Origineel bericht',
];
const APPLE_MARKERS = [
  'Begin forwarded message',
  'Comienzo del mensaje reenviado',
  'Inicio del mensaje reenviado',
  'Inizio messaggio inoltrato',
  'Début du message réexpédié',
  'Début du message transféré',
  'Anfang der weitergeleiteten Nachricht',
  'Início da mensagem reencaminhada',
  'Começo da mensagem encaminhada',
  'Begin van doorgestuurd bericht',
  'Begin doorgestuurd bericht',
];
const escapeWords = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const FORWARD_MARKER = new RegExp(
  `^[ \\t>]*(?:-{2,}[ \\t]*(?:${MARKER_WORDS.map(escapeWords).join('|')})[ \\t]*-{2,}|(?:${APPLE_MARKERS.map(escapeWords).join('|')})[ \\t]*:|_{10,})[ \\t]*$`,
  'im',
);

/**
 * The header lines of a forwarded block, in the clients' languages: Outlook writes `From:`/`Sent:`
 * (`De:`/`Enviado:`, `Da:`/`Inviato:`, `De :`/`Envoyé :`, `Von:`/`Gesendet:`, `De:`/`Enviada:`,
 * `Van:`/`Verzonden:`), Thunderbird `Sujet :`/`Datum:`, Gmail mixes translated and English labels.
 */
const FIELD_LABELS: readonly { field: 'from' | 'subject' | 'date'; pattern: RegExp }[] = [
  {
    field: 'from',
    pattern: /^(?:From|De|Da|Von|Van|Mittente|Remitente|Expéditeur|Afzender|Absender|Remetente)\s*:\s*(.*)$/i,
  },
  {
    field: 'subject',
    pattern: /^(?:Subject|Asunto|Oggetto|Objet|Sujet|Betreff|Onderwerp|Assunto)\s*:\s*(.*)$/i,
  },
  {
    field: 'date',
    pattern:
      /^(?:Date|Sent|Fecha|Enviado(?: el)?|Enviada(?: em)?|Data|Inviato|Envoyé(?: le)?|Datum|Gesendet|Verzonden|Verstuurd|Date d'envoi)\s*:\s*(.*)$/i,
  },
];

/** A forwarded header line is short; a hostile one is cut before any pattern sees it. */
const MAX_FIELD_LINE = 1_000;
/** Outlook without a marker: a `From:` line whose block names a subject within a few lines. */
const OUTLOOK_BLOCK_LINES = 8;

const HEADER_LIKE = /^[\p{L}-]+(?: [\p{L}'-]+){0,2}\s*:/u;

/** The original message inside a forwarded one (the innermost, when forwarded twice), or null. */
export function unwrapForwarded(text: string): ForwardedOriginal | null {
  let original: ForwardedOriginal | null = null;
  let rest = text;
  for (let depth = 0; depth < 5; depth++) {
    const start = forwardStart(rest);
    if (start < 0) break;
    original = readForwardedBlock(rest.slice(start), original).original;
    rest = original.body;
  }
  return original;
}

/** Markers looked at before giving up: a signature's rules of underscores come before the real one. */
const MAX_MARKERS = 5;

/** Where the forwarded header block starts: after a marker with a header block under it, or at an Outlook block. */
function forwardStart(text: string): number {
  const marker = new RegExp(FORWARD_MARKER.source, 'gim');
  for (let tries = 0; tries < MAX_MARKERS; tries++) {
    const found = marker.exec(text);
    if (!found) break;
    const start = found.index + found[0].length;
    if (readForwardedBlock(text.slice(start, start + 4_000), null).fields > 0) return start;
  }
  return headerBlockStart(text);
}

const FROM_LINE = /^[ \t>]*(?:From|De|Da|Von|Van)[ \t]*:[^\n]{0,300}@/im;

/**
 * Outlook forwards often have no marker line: the original's `From:` block sits in the body. It
 * counts only when a subject line follows within a few lines, so a stray `From:` is not one.
 */
function headerBlockStart(text: string): number {
  const from = FROM_LINE.exec(text);
  if (!from) return -1;
  const following = text
    .slice(from.index, from.index + 2_000)
    .split('\n')
    .slice(1, OUTLOOK_BLOCK_LINES);
  const subject = FIELD_LABELS.find((f) => f.field === 'subject')!.pattern;
  return following.some((line) => subject.test(line.replace(/^[ \t>]+/, '').trim())) ? from.index : -1;
}

function readForwardedBlock(
  block: string,
  outer: ForwardedOriginal | null,
): { original: ForwardedOriginal; fields: number } {
  const lines = block.replace(/^\s*\n/, '').split('\n');
  const fields: Partial<Record<'from' | 'subject' | 'date', string>> = {};
  let at = 0;
  const clean = (raw: string | undefined): string =>
    (raw ?? '')
      .slice(0, MAX_FIELD_LINE)
      .replace(/^[ \t>*]+/, '')
      .replace(/\*+/g, '')
      .trim();
  let last: 'from' | 'subject' | 'date' | null = null;
  for (; at < lines.length; at++) {
    const line = clean(lines[at]);
    if (line === '') {
      // Outlook puts a blank line between the marker's rule and the block; the block ends at the next
      if (Object.keys(fields).length === 0 && at < 3) continue;
      break;
    }
    const field = FIELD_LABELS.find((f) => f.pattern.test(line));
    if (field) {
      fields[field.field] ??= field.pattern.exec(line)?.[1]?.trim() ?? '';
      last = field.field;
    } else if (last === 'subject' && HEADER_LIKE.test(clean(lines[at + 1])) && !HEADER_LIKE.test(line)) {
      // Gmail wraps a long subject onto the next line: `Subject: Reservation canceled - Jul 1-11,
      // Business-friendly Room w/Fast` / `Wifi & shopping (E)` / `To: …`
      fields.subject = `${fields.subject ?? ''} ${line}`.trim().slice(0, MAX_FIELD_LINE);
      last = null;
    } else if (!HEADER_LIKE.test(line)) break;
    else last = null;
  }
  return {
    original: {
      from: addressIn(fields.from) ?? outer?.from ?? null,
      subject: fields.subject ?? outer?.subject ?? null,
      sentAt: dateIn(fields.date) ?? outer?.sentAt ?? null,
      body: lines.slice(at).join('\n'),
    },
    fields: Object.keys(fields).length,
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
