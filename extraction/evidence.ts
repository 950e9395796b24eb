/**
 * Where each field of a fact was read: the part of the mail (its text part, the text rendered from
 * its HTML, the subject or the sender), the offsets of the matched line in that part as the
 * extractor read it (decoded, cleaned, inside the forwarded block when forwarded) and the line.
 */
export type EvidencePart = 'text' | 'html' | 'subject' | 'from';

export interface FieldEvidence {
  part: EvidencePart;
  start: number;
  end: number;
  text: string;
  /** Set when the generic reader, not the mail's template, read this field. */
  reader?: 'generic';
}

export type Evidence = Partial<Record<string, FieldEvidence>>;

/** Where a template found a value: a line of `MailView.lines`, an offset in the body, or a header. */
export type Source = number | { offset: number } | 'subject' | 'from';

export interface Span {
  start: number;
  end: number;
}

/** What evidence needs of a mail view (kept narrow so the view does not import this module back). */
export interface EvidenceSource {
  part: 'text' | 'html';
  text: string;
  lines: readonly string[];
  lineSpans: readonly Span[];
  subject: string;
  from: string;
}

/** Longest line text kept in evidence: enough to recognise it, never a whole hostile line. */
const MAX_EVIDENCE_TEXT = 300;

export function evidenceAt(mail: EvidenceSource, source: Source): FieldEvidence | null {
  if (source === 'subject' || source === 'from') {
    const text = source === 'subject' ? mail.subject : mail.from;
    return { part: source, start: 0, end: text.length, text: text.slice(0, MAX_EVIDENCE_TEXT) };
  }
  const span = typeof source === 'number' ? mail.lineSpans[source] : lineAround(mail.text, source.offset);
  if (!span) return null;
  const text = mail.text.slice(span.start, span.end).trim().slice(0, MAX_EVIDENCE_TEXT);
  return { part: mail.part, start: span.start, end: span.end, text };
}

function lineAround(text: string, offset: number): Span | null {
  if (offset < 0 || offset > text.length) return null;
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  return { start, end: newline < 0 ? text.length : newline };
}
