import type { Fact, Platform } from './fact.js';
import type { MailView } from './mail-view.js';

/**
 * One kind of mail from one platform, and how to recognise it. A mail is recognised by its template
 * header when it has one, else by its subject, else by its body (forwarded mail keeps neither
 * headers nor, sometimes, a usable sender).
 */
export interface Template {
  name: string;
  platform: Platform;
  /** A sender address that alone names this template (Booking.com guest messages). */
  sender?: RegExp;
  /** Values of the platform's template headers (`X-Template`, `X-Mediated-Message-Type`). */
  header?: RegExp;
  subject?: RegExp;
  body?: RegExp;
  extract: (mail: MailView) => Fact[];
}

/** Mail we recognise and deliberately turn into no fact (reviews, reminders, summaries). */
export const noFacts = (): Fact[] => [];
