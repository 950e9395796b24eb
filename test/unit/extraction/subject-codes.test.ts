import { describe, expect, it } from 'vitest';
import { type ParsedEmail, readMail } from '../../../extraction/index.js';

const email = (over: Partial<ParsedEmail>): ParsedEmail => ({
  subject: null,
  from: null,
  date: '2026-11-18T09:00:00.000Z',
  headers: {},
  text: '',
  html: null,
  error: null,
  ...over,
});
const code = (over: Partial<ParsedEmail>) => readMail(email(over)).facts[0]?.confirmationCode ?? null;

describe('a reservation number in the subject (generic reader)', () => {
  it('is the word after a number label, in any vocabulary language', () => {
    expect(code({ from: 'no-reply@agoda.com', subject: 'Agoda Booking ID 2035192058 - CONFIRMED' })).toBe(
      '2035192058',
    );
    expect(code({ from: 'no-reply@agoda.com', subject: 'Agoda Buchungsnummer 2035192059 - STORNIERT' })).toBe(
      '2035192059',
    );
  });

  it('is the number that opens a bracket', () => {
    expect(
      code({ from: 'no-reply@agoda.com', subject: 'New booking! (2035192060, Sunday, 28 June 2026)' }),
    ).toBe('2035192060');
  });

  it("has the channel's shape when the channel is known: a subject is free text", () => {
    expect(
      readMail(email({ from: 'no-reply@agoda.com', subject: 'Agoda Booking ID 12345 - CONFIRMED' })).facts,
    ).toEqual([]);
    expect(code({ from: 'x@unknown.example', subject: 'Reservation ID AB-12345 confirmed' })).toBe(
      'AB-12345',
    );
  });

  it('is no word without a digit', () => {
    expect(
      readMail(email({ from: 'no-reply@agoda.com', subject: 'Agoda Booking ID pending - CONFIRMED' })).facts,
    ).toEqual([]);
  });

  it('is read only from a subject that speaks of a reservation or a cancellation', () => {
    expect(
      readMail(email({ from: 'no-reply@agoda.com', subject: 'Agoda ID 2035192058 - paid' })).facts,
    ).toEqual([]);
  });

  it('is never a date after the label', () => {
    expect(code({ from: 'x@unknown.example', subject: 'Booking 2026-08-14 confirmed' })).toBeNull();
  });
});
