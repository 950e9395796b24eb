import { describe, expect, it } from 'vitest';
import { type ParsedEmail, readMail } from '../../../extraction/index.js';

const email = (over: Partial<ParsedEmail>): ParsedEmail => ({
  subject: null,
  from: null,
  date: '2026-03-18T09:00:00.000Z',
  headers: {},
  text: '',
  html: null,
  error: null,
  ...over,
});
describe('a Vrbo cancellation', () => {
  const vrbo = (subject: string) =>
    readMail(
      email({
        from: 'sender@messages.homeaway.com',
        subject,
        text: 'Reservation ID:\nHA-M3X9VB\nArrive: Apr 2, 2026\nDepart: Apr 5, 2026\nTraveler Name:\nInes Carvalho',
      }),
    ).facts[0]?.kind;

  it('is read from its subject, and a request to cancel is only a message', () => {
    expect(vrbo('Your reservation was canceled')).toBe('cancelled');
    expect(vrbo('Cancellation request from Ines Carvalho')).toBe('message');
    expect(vrbo('Details of your upcoming reservation')).toBe('confirmed');
  });
});
