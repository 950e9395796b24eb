import { describe, expect, it } from 'vitest';
import { extractFacts, type ParsedEmail } from '../../../extraction/index.js';

const confirmation = (body: string): ParsedEmail => ({
  subject: 'Reservation confirmed - Omar arrives Sep 11',
  from: 'automated@airbnb.com',
  date: '2020-09-02T14:10:00.000Z',
  headers: {},
  text: `New booking confirmed! Omar arrives Sep 11.\nQuiet Garden Studio\nPrivate room\n${body}`,
  html: null,
  error: null,
});

describe('the 2018-22 Airbnb confirmation', () => {
  it('reads the stay from a line of dates alone, with weekdays and years', () => {
    const [fact] = extractFacts(confirmation('Friday Sep 11, 2020 - Monday Sep 14, 2020\nGuests\n2'));
    expect([fact?.checkIn, fact?.checkOut]).toEqual(['2020-09-11', '2020-09-14']);
  });

  it('never reads the stay from a range inside a sentence', () => {
    const [fact] = extractFacts(
      confirmation('Full refund for cancellations from Sep 6, 2020 - Sep 8, 2020 only.\nGuests\n2'),
    );
    expect(fact?.checkOut).toBeNull();
  });

  it("takes the payout section's total, not the first price of its breakdown", () => {
    const [fact] = extractFacts(
      confirmation(
        'Payout\n$48.00 x 3 Nights $144.00\nCleaning fee $25.00\nService fee −$5.07\nTotal $163.93',
      ),
    );
    expect([fact?.payoutAmount, fact?.payoutCurrency]).toEqual([163.93, 'USD']);
  });

  it('keeps a payout line with one amount under it as the payout', () => {
    const [fact] = extractFacts(confirmation('YOU EARN\n$ 280,00 USD\nTotal $400.00'));
    expect(fact?.payoutAmount).toBe(280);
  });
});
