import type { ConnectionPlatform } from '../contracts/platforms.js';
import type { FactField } from './confidence.js';
import type { Fact } from './fact.js';
import type { MailView } from './mail-view.js';

/**
 * One kind of mail from one sender family, and the evidence that recognises it: its sender, its
 * template header, its subject, its body (labels in any language). Forwarded mail keeps neither
 * headers nor, sometimes, a usable sender, so every template can also be placed by subject or body.
 */
export interface Template {
  name: string;
  /** The family of senders the mail comes from (`pms` for Scidoo, whatever channel it relays). */
  platform: ConnectionPlatform;
  /** A sender address that alone names this template (Booking.com guest messages). */
  sender?: RegExp;
  /** Values of the platform's template headers (`X-Template`, `X-Mediated-Message-Type`). */
  header?: RegExp;
  subject?: RegExp;
  body?: RegExp | ((mail: MailView) => boolean);
  extract: (mail: MailView) => Fact[];
  /** The fields its mail should give: what the generic reader may fill when the template found none. */
  expected?: readonly FactField[];
  /**
   * The template's mail often says nothing about a stay (reviews, guest chat, payout notes): an
   * empty reading is expected, not a mail we failed to read.
   */
  quiet?: boolean;
  /**
   * False when the body holds text a stranger wrote (a guest's message can mimic a label): the
   * generic reader then never fills what the template left empty.
   */
  genericFill?: boolean;
}

/** Mail we recognise and deliberately turn into no fact (reviews, reminders, summaries). */
export const noFacts = (): Fact[] => [];

/** Whether the template's body evidence is present in the mail. */
export function bodyMatches(template: Template, mail: MailView): boolean {
  const { body } = template;
  if (!body) return false;
  return typeof body === 'function' ? body(mail) : body.test(mail.text);
}
