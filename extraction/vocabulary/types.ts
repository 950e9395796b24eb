/**
 * What one language contributes to the extractor: every word a template reads, by concept. Labels
 * are plain text (matched whole, case-insensitively); room types and buttons are regex sources,
 * each bounded (`[^\n]{1,60}`) so no pattern can backtrack on hostile mail.
 */
export type Language = 'en' | 'es' | 'it' | 'fr' | 'de' | 'pt' | 'nl';

/** How a language writes `1/2/2026`: English month first, the others day first. */
export type NumericOrder = 'MDY' | 'DMY';

export type Concept =
  | 'checkIn'
  | 'checkOut'
  | 'guests'
  | 'adults'
  | 'children'
  | 'confirmationNumber'
  | 'propertyName'
  | 'guestName'
  | 'total'
  /** The line that holds (or sits above) the host's own amount: `YOU EARN`, `GANAS`. */
  | 'payout'
  /** A section whose `TOTAL` is the host's payout (`HOST PAYOUT` in the 2023-24 layout). */
  | 'payoutSection'
  /** The header of the block of reservation details in a relayed guest message. */
  | 'bookingDetails'
  /** Who sold the stay, as a relay names it: `Channel`, `Canal`, `Kanal`, `Portal`, `Agenzia`. */
  | 'channel'
  /** One label over the whole stay: `Dates: Aug 3 - 9`, `Zeitraum: 03.08.-09.08.2026`. */
  | 'stayDates'
  /** The booked unit when no property label names it: `Room`, `Zimmer`, `Camera`. */
  | 'roomType'
  /** The length of a stay: read to place a check-out that no label gives. */
  | 'nights'
  /** A bare `Name`: a guest's name only when no guest label gave one. */
  | 'personName'
  /** A booking's state as a relay writes it (`Status: Cancelled`): tells a cancellation. */
  | 'status'
  /** A price that may be the total when no total label names one: `Price`, `Preis`, `Importo`. */
  | 'price'
  /**
   * The channel's own reservation number as a relay labels it beside its own id (`Channel
   * reference`, `Third Party Confirmation Number`, `Codice OTA`): preferred to any other code.
   */
  | 'channelCode';

/** Words that are no labels: they tell what a mail is about. Plain text, matched as whole words. */
export interface Words {
  /** Reservation nouns and participles: `reservation`, `Buchung`, `prenotazione`. */
  booking: readonly string[];
  /** A cancelled stay: `cancelled`, `storniert`, `annullata`. */
  cancelled: readonly string[];
  /**
   * Subject words of mail that carries no stay even when it names one: reviews, inquiries and
   * requests, guest messages, payments, reminders, marketing.
   */
  notBooking: readonly string[];
  /**
   * Inquiries and requests: a guest asks about dates nobody booked (`Inquiry`, `Anfrage`,
   * `Buchungsanfrage`, `Consulta`). A subject with one of them is no booking even in a thread
   * whose other messages restate one.
   */
  inquiry: readonly string[];
  /**
   * How near an arrival is, in a reminder's subject: `Ana arrives tomorrow`, `Jonas kommt in 3
   * Tagen an`, `Lucía llega pronto`. After an `arrives` word it marks a pre-arrival reminder.
   */
  soon: readonly string[];
  /** What joins the two days of a range: `3 to 9 Aug`, `du 3 au 9 août`, `vom 3. bis 9. August`. */
  rangeTo: readonly string[];
  /** The verb after a guest's name in a subject: `Ana arrives Jul 29`, `Ana llega el 1 ago`. */
  arrives: readonly string[];
  /**
   * How a mail opens when it addresses someone: `Dear`, `Hola`, `Ciao`, `Bonjour`, `Liebe`. A
   * Booking.com notice greets the property (`Hola, Casa Azul:`), so its greeting names it.
   */
  greeting: readonly string[];
}

export interface LanguageVocabulary {
  language: Language;
  numericOrder: NumericOrder;
  /** Twelve entries, January first; each the full name then its abbreviations, lower-case, no dot. */
  months: readonly (readonly string[])[];
  /** Seven entries, Monday first; full names then abbreviations, lower-case, no dot. */
  weekdays: readonly (readonly string[])[];
  labels: Readonly<Record<Concept, readonly string[]>>;
  words: Words;
  /** Words counted after a number in a guest count (`2 Erwachsene`), beyond the guest labels. */
  counted: readonly string[];
  /** Airbnb room types: the listing's name is the line before one. Regex sources. */
  roomTypes: readonly string[];
  /** Button and link texts: never a value. Regex sources matched against a whole line. */
  buttons: readonly string[];
  /**
   * Common words that give the language away when no `X-Locale` says it. Brand names
   * (`Booking.com`) are no hint: they stand in every language's mail.
   */
  hints: readonly string[];
}
