import type { MailView } from './mail-view.js';
import { wordsOf } from './vocabulary.js';

/**
 * Mail that restates a stay without confirming it: an answer in a conversation (`RE: Reservation
 * at …`, a body that starts `NAME has replied to your message`) or a pre-arrival reminder (`Ana
 * arrives tomorrow`, `Jonas kommt in 3 Tagen an`). Whoever reads such mail gives its facts the kind
 * `message`: they enrich a booking, they never confirm one.
 */

/** `RE:`, `AW:`, `R:`, `Antw:`, `SV:` (after any forward prefixes): an answer, not a notice. */
const REPLY_PREFIX = /^\s*(?:(?:fwd?|fw|tr|wg|enc|rv|i)\s*:\s*)*(?:re|aw|r|antw|sv)\s*:/i;

/** Whether a raw subject (before its prefixes were taken off) answers another message. */
export function isReplySubject(subject: string | null | undefined): boolean {
  return REPLY_PREFIX.test((subject ?? '').slice(0, 100));
}

/** `NAME has replied to your message`, `NAME sent you a message`, in every vocabulary language. */
const WROTE_TO_YOU =
  /\b(?:has replied to your message|replied to your message|has sent you a message|sent you a message|a répondu à votre message|vous a envoyé un message|hat auf (?:Ihre|deine) Nachricht geantwortet|hat (?:Ihnen|dir) eine Nachricht gesendet|ha respondido a tu mensaje|te ha enviado un mensaje|ha risposto al tuo messaggio|ti ha inviato un messaggio|respondeu à sua mensagem|enviou uma mensagem|heeft op je bericht gereageerd|heeft je een bericht gestuurd)\b/i;
/** The first lines of a body: where a platform says who wrote. */
const HEAD_LINES = 3;

/** An answer in a conversation: a reply's subject, or a body that starts by saying who wrote. */
export function isConversation(mail: Pick<MailView, 'reply' | 'lines'>): boolean {
  return mail.reply || mail.lines.slice(0, HEAD_LINES).some((line) => WROTE_TO_YOU.test(line.slice(0, 300)));
}

/** Regex source of an arrival word followed closely by a word of nearness (`arrives in 3 days`). */
export function arrivalSoonSource(): string {
  return `(?:${wordsOf('arrives').source})(?: [^ ]{1,20}){0,2}? (?:${wordsOf('soon').source})`;
}

let arrivalSoon: RegExp | null = null;
/** `Ana arrives tomorrow`, `Jonas kommt in 3 Tagen an`, `Chloé arrive dans 3 jours`. */
export function announcesArrival(subject: string): boolean {
  arrivalSoon ??= new RegExp(arrivalSoonSource(), 'iu');
  return arrivalSoon.test(subject.slice(0, 300));
}
