import type { Fact, Platform } from './fact.js';
import type { MailView } from './mail-view.js';

/**
 * One kind of mail from one sender family, and the evidence that recognises it: its sender, its
 * template header, its subject, its body (labels in any language). Forwarded mail keeps neither
 * headers nor, sometimes, a usable sender, so every template can also be placed by subject or body.
 */
export interface Template {
  name: string;
  /** The family of senders the mail comes from (`pms` for Scidoo, whatever channel it relays). */
  platform: Platform;
  /** A sender address that alone names this template (Booking.com guest messages). */
  sender?: RegExp;
  /** Values of the platform's template headers (`X-Template`, `X-Mediated-Message-Type`). */
  header?: RegExp;
  subject?: RegExp;
  body?: RegExp | ((mail: MailView) => boolean);
  extract: (mail: MailView) => Fact[];
}

/** Mail we recognise and deliberately turn into no fact (reviews, reminders, summaries). */
export const noFacts = (): Fact[] => [];

/** Whether the template's body evidence is present in the mail. */
export function bodyMatches(template: Template, mail: MailView): boolean {
  const { body } = template;
  if (!body) return false;
  return typeof body === 'function' ? body(mail) : body.test(mail.text);
}
