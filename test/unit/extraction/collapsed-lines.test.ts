import { describe, expect, it } from 'vitest';
import { openCollapsedLines } from '../../../extraction/collapsed-lines.js';

const FLATTENED =
  'New booking confirmed! Noah arrives May 14. Send a message to confirm check-in details or welcome Noah. Check-in Thu, May 14 3:00 PM Checkout Sun, May 17 11:00 AM Guests 2 adults, 1 infant Confirmation code HMP3L8X2VD You earn $ 731.20';

describe('text flattened onto one line', () => {
  it('puts each capitalised label followed by a value of its kind on a line, its value on the next', () => {
    expect(openCollapsedLines(FLATTENED).split('\n')).toEqual([
      'New booking confirmed! Noah arrives May 14. Send a message to confirm check-in details or welcome Noah. ',
      'Check-in',
      ' Thu, May 14 3:00 PM ',
      'Checkout',
      ' Sun, May 17 11:00 AM ',
      'Guests',
      ' 2 adults, 1 infant ',
      'Confirmation code',
      ' HMP3L8X2VD ',
      'You earn',
      ' $ 731.20',
    ]);
  });

  it('never opens a line at a lower-case label, a label before a name, or a short word of any sentence', () => {
    const prose =
      'Please send us your check-in time. Guest Anna Smith wrote to you. Du 3 au 9 août nous serons là, and the Guests were happy with the stay overall, thank you';
    expect(openCollapsedLines(prose)).toBe(prose);
  });

  it('opens a short line of three labels with colons', () => {
    const line =
      'Reservation ID: HA-7K2M9Q Arrive: Mar 21, 2026 Depart: Mar 22, 2026 Guests: 2 adults Traveler Name: Ada';
    expect(line.length).toBeLessThan(160);
    expect(openCollapsedLines(line).split('\n')).toEqual([
      'Reservation ID: HA-7K2M9Q ',
      'Arrive: Mar 21, 2026 ',
      'Depart: Mar 22, 2026 ',
      'Guests: 2 adults ',
      'Traveler Name: Ada',
    ]);
  });
});
