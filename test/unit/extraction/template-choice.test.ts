import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseTemplate } from '../../../extraction/choose-template.js';
import { extractFacts, parseEmail } from '../../../extraction/index.js';
import { toMailView } from '../../../extraction/mail-view.js';
import type { ParsedEmail } from '../../../extraction/parse-email.js';
import { isButtonText } from '../../../extraction/vocabulary.js';
import { SHARED_CORPUS } from './shared-corpus.js';

const mail = (over: Partial<ParsedEmail>): ParsedEmail => ({
  subject: '',
  from: 'someone@example.com',
  date: '2026-06-01T10:00:00Z',
  headers: {},
  text: '',
  html: null,
  error: null,
  ...over,
});

const RELAY_BODY = 'Buchungsnummer: 4481236650\nCheck-in: Mo., 15. Juni 2026\nCheck-out: Do., 18. Juni 2026';

/** Which evidence places a mail: sender family, template header, subject, body labels. */
const CASES: [string, Partial<ParsedEmail>, string | null][] = [
  ['an mchat sender alone', { from: 'x@mchat.booking.com', text: 'Hallo' }, 'booking-com/guest-message'],
  [
    'a guest.booking.com sender alone',
    { from: 'x@guest.booking.com', text: 'Hallo' },
    'booking-com/guest-message',
  ],
  [
    'German relay labels from an unknown sender relaying for Booking.com',
    {
      from: 'x@relay.example',
      headers: { from: '"Jonas via Booking.com" <x@relay.example>' },
      text: RELAY_BODY,
    },
    'booking-com/guest-message',
  ],
  // another system's booking mail with the same labels is the generic reader's
  ['German relay labels from an unknown system', { text: RELAY_BODY }, null],
  [
    'Airbnb template header over an unhelpful subject',
    {
      from: 'automated@airbnb.com',
      headers: { 'x-template': 'BOOKING_CONFIRMATION_TO_HOST' },
      subject: 'Hi',
    },
    'airbnb/confirmation',
  ],
  [
    'Airbnb confirmation subject in Dutch, forwarded (no sender)',
    { from: null, subject: 'Reservering bevestigd - Sem Bakker komt aan op 15 jun' },
    'airbnb/confirmation',
  ],
  [
    'an unknown Airbnb template header: only the subject may place it',
    {
      from: 'automated@airbnb.com',
      headers: { 'x-template': 'SOMETHING_NEW' },
      text: 'NEW BOOKING CONFIRMED',
    },
    null,
  ],
  ['Airbnb express sender', { from: 'express@airbnb.com', subject: 'Hello' }, 'airbnb/guest-message'],
  [
    'Vrbo by X-Mediated-Site',
    { headers: { 'x-mediated-site': 'vrbo' }, text: 'Traveler Name:\nAda' },
    'vrbo/reservation',
  ],
  [
    'a Vrbo reply whose Reservation ID holds a code, under an inquiry button',
    {
      from: 'sender@messages.homeaway.com',
      subject: 'Leo has replied to your message',
      text: 'Reservation ID\t\nHA-P4K8ZM\t\nTraveler Name\t\nLeo\t\nRespond to this Inquiry',
    },
    'vrbo/reservation',
  ],
  [
    'a Vrbo inquiry: no reservation yet',
    {
      from: 'sender@messages.homeaway.com',
      subject: 'Leo is interested',
      text: 'Traveler Name:\nLeo\nRespond to this Inquiry',
    },
    'vrbo/inquiry',
  ],
  [
    'Booking.com notification subject',
    { from: 'noreply@booking.com', subject: 'Booking.com - New booking! (5581435138, Sunday, 28 June 2026)' },
    'booking-com/notification',
  ],
  [
    'a Booking.com subject without its prefix, from Booking.com',
    { from: 'noreply@booking.com', subject: '¡Reserva cancelada! (6017858947, martes, 21 de julio de 2026)' },
    'booking-com/notification',
  ],
  // the bare form is Booking.com's only from its own address, and only about a reservation
  [
    'the same subject from anyone else',
    {
      from: 'reservas@hotel.example',
      subject: '¡Reserva cancelada! (6017858947, martes, 21 de julio de 2026)',
    },
    null,
  ],
  [
    'a bare subject from Booking.com that asks (a cancellation request)',
    { from: 'noreply@booking.com', subject: 'Solicitud de cancelación (6017858947, 21 de julio de 2026)' },
    null,
  ],
  [
    'a bare subject from Booking.com that speaks of no reservation',
    { from: 'noreply@booking.com', subject: 'Payment received (6017858947, 21 July 2026)' },
    null,
  ],
  [
    'Scidoo subject from its sender',
    { from: 'reservation@scidoo.com', subject: 'Confermata - Prenotazione ID 5958915259 - Booking' },
    'pms/scidoo',
  ],
  ['an unrelated mail', { subject: 'Lunch?', text: 'See you at noon' }, null],
];

describe('template choice', () => {
  for (const [name, over, expected] of CASES) {
    it(name, () => {
      expect(chooseTemplate(toMailView(mail(over)))?.name ?? null).toBe(expected);
    });
  }
});

const BUTTONS = [
  'Send Sheila a Message',
  'View reservation',
  'Message the guest',
  'View itinerary',
  'Reply',
  'Rispondi',
  'Invia un messaggio a Edward',
  'Lena eine Nachricht senden',
  'Envoyer un message à Hugo',
  'Enviar mensagem para Ana',
  'Stuur Sem een bericht',
  'Ver reserva',
  'Antworten',
];

describe('button and link texts', () => {
  it('are recognised in every language', () => {
    for (const text of BUTTONS) expect(isButtonText(text), text).toBe(true);
    expect(isButtonText('Garden Loft near the Old Town')).toBe(false);
    expect(isButtonText('Maggiore Suite - Duomo di Perugia')).toBe(false);
  });

  /** Every mail we have, real and written: no text field of any fact is a button. */
  const files = [
    ...readdirSync(new URL('../../../testing/mail-fixtures', import.meta.url))
      .filter((f) => f.endsWith('.eml'))
      .map((f) => join(new URL('../../../testing/mail-fixtures', import.meta.url).pathname, f)),
    ...['airbnb-1242bnb', 'public-mixed'].flatMap((dir) => {
      try {
        return readdirSync(join(SHARED_CORPUS, 'emails', dir))
          .filter((f) => f.endsWith('.eml'))
          .map((f) => join(SHARED_CORPUS, 'emails', dir, f));
      } catch {
        return [];
      }
    }),
  ].filter((f) => f.endsWith('.eml'));

  it('are never returned as a value by any template', async () => {
    let checked = 0;
    for (const file of files) {
      for (const fact of extractFacts(await parseEmail(readFileSync(file)))) {
        for (const value of [fact.guestName, fact.listingName, fact.confirmationCode]) {
          if (value !== null) checked += 1;
          expect(value !== null && isButtonText(value), `${file}: ${value}`).toBe(false);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('put where a value belongs, give null and a lower confidence instead', async () => {
    const email = await parseEmail(
      readFileSync(new URL('../../../testing/mail-fixtures/airbnb-confirmation-de.eml', import.meta.url)),
    );
    const [full] = extractFacts(email);
    const text = email.text?.replace('WALDHÜTTE MIT SAUNA', 'Lena eine Nachricht senden') ?? null;
    const [withButton] = extractFacts({ ...email, text });
    expect(full?.listingName).toBe('WALDHÜTTE MIT SAUNA');
    expect(withButton?.listingName).toBeNull();
    expect(withButton?.evidence.listingName).toBeUndefined();
    expect(withButton?.confidence).toBeLessThan(full?.confidence ?? 0);
  });
});
