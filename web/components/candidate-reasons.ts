import type { ReviewItem } from '../../api/routes/review-items.js';

type Fact = ReviewItem['fact'];
type Candidate = ReviewItem['candidates'][number];
const DAY_MS = 86_400_000;

const days = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / DAY_MS;
const words = (name: string) => name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').split(/\s+/);

/**
 * Why a candidate ranks where it does, in words: the signals the matcher scores (the code, the
 * dates, the name), each stated only when both sides know it. Read from the item the API returns.
 */
const SIGNALS: ((f: Fact, c: Candidate) => string | null)[] = [
  (f, c) => {
    if (!f.confirmationCode || !c.confirmationCode) return null;
    return f.confirmationCode.toLowerCase() === c.confirmationCode.toLowerCase()
      ? 'same confirmation code'
      : `different confirmation code (${c.confirmationCode})`;
  },
  (f, c) => {
    const off =
      (f.checkIn ? days(f.checkIn, c.checkIn) : 0) + (f.checkOut ? days(f.checkOut, c.checkOut) : 0);
    if (!f.checkIn && !f.checkOut) return null;
    return off === 0 ? 'exactly the same dates' : `dates ${off} day${off === 1 ? '' : 's'} off`;
  },
  (f, c) => {
    if (!f.guestName || !c.guestName) return null;
    const theirs = new Set(words(c.guestName));
    return words(f.guestName).some((w) => theirs.has(w)) ? 'guest name matches' : 'guest name differs';
  },
  (_, c) => (c.status === 'cancelled' ? 'the booking is cancelled' : null),
];

export function candidateReasons(fact: Fact, candidate: Candidate): string[] {
  return SIGNALS.map((signal) => signal(fact, candidate)).filter((r): r is string => r !== null);
}
