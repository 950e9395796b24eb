import { describe, expect, it } from 'vitest';
import { readLabelledFields } from '../../../extraction/labelled-fields.js';
import { ambiguousLabels, LABEL_DICTIONARY } from '../../../extraction/vocabulary.js';

const read = (text: string) => {
  const fields = readLabelledFields(text.split('\n'), LABEL_DICTIONARY);
  return Object.fromEntries(
    [...fields].map(([concept, values]) => [concept, values.map((v) => [v.value, v.line])]),
  );
};

describe('labelled fields', () => {
  it('reads `Label: value`, `Label : value` and `Label<TAB>value` on one line', () => {
    expect(read('Arrival: Fri, 14.08.26\nDépart : 18/08/2026\nOspiti\t2 Adulti')).toEqual({
      checkIn: [['Fri, 14.08.26', 0]],
      checkOut: [['18/08/2026', 1]],
      guests: [['2 Adulti', 2]],
    });
  });

  it('reads a label alone on its line with its value on the next, never a label as a value', () => {
    expect(read('Buchungsnummer\n4423317789\nAnreise\nAbreise')).toEqual({
      confirmationNumber: [['4423317789', 1]],
    });
  });

  it('reads stacked labels over as many values (an HTML table row, cell by cell)', () => {
    expect(read('Check-in\nCheckout\nFri, Aug 14\nMon, Aug 17')).toEqual({
      checkIn: [['Fri, Aug 14', 2]],
      checkOut: [['Mon, Aug 17', 3]],
    });
  });

  it('reads a row of labels over a row of values, cell by cell', () => {
    expect(read('Check-in      Checkout\nWed, Jul 29   Sun, Aug 2')).toEqual({
      checkIn: [['Wed, Jul 29', 1]],
      checkOut: [['Sun, Aug 2', 1]],
    });
  });

  it('reads several labelled cells on one line, with bullets and markup around the labels', () => {
    expect(read('* **Check-in:** 3.9.26   | Check-out: 7.9.26 |  TOTAL (USD): $450.00')).toEqual({
      checkIn: [['3.9.26', 0]],
      checkOut: [['7.9.26', 0]],
      total: [['$450.00', 0]],
    });
  });

  it('reads labels with a parenthesis or an abbreviation dot after them', () => {
    expect(read('Check-in (from 15:00): Fri 14 Aug 2026\nReservation No.: AB-12345')).toEqual({
      checkIn: [['Fri 14 Aug 2026', 0]],
      confirmationNumber: [['AB-12345', 1]],
    });
  });

  it('reads a date, a code or a count after a label with no colon, never a name or a listing', () => {
    expect(
      read('Arrival 14 Aug 2026\nBooking ID ZX-99812\nGuests 2\nGuest Ann Lee\nProperty Sea View 2'),
    ).toEqual({
      checkIn: [['14 Aug 2026', 0]],
      confirmationNumber: [['ZX-99812', 1]],
      guests: [['2', 2]],
    });
  });

  it('ignores text that is not a label: sentences with colons, unknown words', () => {
    expect(read('Note: the guest arrives late\nPlease remember: check-in is at 3 pm')).toEqual({});
  });

  it('gives each label of the vocabulary one meaning across all languages', () => {
    expect(ambiguousLabels()).toEqual([]);
  });
});
