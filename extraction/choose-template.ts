import type { ConnectionPlatform } from '../contracts/platforms.js';
import { airbnbCancellation } from './airbnb/cancellation.js';
import { airbnbChangeRequest } from './airbnb/change-request.js';
import { airbnbConfirmation } from './airbnb/confirmation.js';
import { airbnbGuestMessage } from './airbnb/guest-message.js';
import { airbnbReviews } from './airbnb/no-facts.js';
import { airbnbPayout } from './airbnb/payout.js';
import { airbnbReminder } from './airbnb/reminder.js';
import { bookingComGuestMessage, bookingComNotification } from './booking-com.js';
import type { MailView } from './mail-view.js';
import { scidooReservation } from './pms-scidoo.js';
import { relayOf } from './relays.js';
import { bodyMatches, type Template } from './template.js';
import { vrboInquiry, vrboReservation, vrboReview } from './vrbo.js';

/** Every template we read, in the order they are tried at each step of `chooseTemplate`. */
export const TEMPLATES: readonly Template[] = [
  airbnbReviews,
  airbnbGuestMessage,
  airbnbConfirmation,
  airbnbReminder,
  airbnbCancellation,
  airbnbChangeRequest,
  airbnbPayout,
  vrboReview,
  vrboInquiry,
  vrboReservation,
  bookingComGuestMessage,
  bookingComNotification,
  scidooReservation,
];

/** Who sends each platform's mail; `X-Mediated-Site` names Vrbo's too. */
const PLATFORM_SIGNS: readonly { platform: ConnectionPlatform; sender: RegExp; mediatedSite?: RegExp }[] = [
  { platform: 'airbnb', sender: /@(?:[\w-]+\.)*airbnb\.[a-z.]+$/i },
  {
    platform: 'vrbo',
    sender: /@(?:[\w-]+\.)*(?:homeaway|vrbo|abritel|fewo-direkt|stayz|bookabach)\.[a-z.]+$/i,
    mediatedSite: /vrbo|homeaway|abritel/i,
  },
  { platform: 'pms', sender: /@(?:[\w-]+\.)*scidoo\.com$/i },
  { platform: 'booking', sender: /@(?:[\w-]+\.)*booking\.com$/i },
];

/** Headers in which platforms name the template of a mail. */
const TEMPLATE_HEADERS = ['x-template', 'x-mediated-message-type'];

function templateHeaderOf(mail: MailView): string | null {
  return TEMPLATE_HEADERS.map((name) => mail.headers[name]).find((value) => value) ?? null;
}

/**
 * A platform's mail whose template header no template knows (a message thread, a tip), from a
 * platform whose templates are known by that header: its body is not read by anything, since what
 * it quotes could be anyone's words.
 */
export function hasUnknownTemplateHeader(mail: MailView): boolean {
  const header = templateHeaderOf(mail);
  const family = platformOf(mail);
  const named = TEMPLATES.filter((t) => t.platform === family && t.header);
  return header !== null && named.length > 0 && !named.some((t) => t.header?.test(header));
}

/** The family of the mail's sender (`pms` for Scidoo), from its address or `X-Mediated-Site`. */
export function platformOf(mail: MailView): ConnectionPlatform | null {
  const site = mail.headers['x-mediated-site'] ?? '';
  const sign = PLATFORM_SIGNS.find((s) => s.sender.test(mail.from) || (site && s.mediatedSite?.test(site)));
  // a channel manager's mail is read by the PMS templates (Scidoo) and the generic reader only
  return sign?.platform ?? (relayOf(mail) ? 'pms' : null);
}

/**
 * The one template for a mail: among the templates of its platform (all of them when the sender is
 * unknown, as in forwarded mail), the first whose sender, then template header, then subject,
 * then body matches. A template header we do not know (a message thread, a tip) means the body
 * is not trusted: only the subject can still place the mail.
 */
export function chooseTemplate(mail: MailView, templates: readonly Template[] = TEMPLATES): Template | null {
  const platform = platformOf(mail);
  const candidates = platform ? templates.filter((t) => t.platform === platform) : templates;
  const templateHeader = templateHeaderOf(mail);
  const steps: readonly ((t: Template) => boolean)[] = [
    (t) => Boolean(t.sender?.test(mail.from)),
    (t) => templateHeader !== null && Boolean(t.header?.test(templateHeader)),
    (t) => Boolean(t.subject?.test(mail.subject)),
    (t) => templateHeader === null && bodyMatches(t, mail),
  ];
  for (const step of steps) {
    const template = candidates.find(step);
    if (template) return template;
  }
  return null;
}
