import { describe, expect, it } from 'vitest';
import { type LeaveOneOutRow, leaveOneOut, share } from '../../../testing/leave-one-out.js';

/**
 * Generality, measured: each template switched off in turn, the generic reader alone reads its
 * mail (fixtures and shared corpus). The table is in `docs/extraction.md`
 * (`npx tsx bench/leave-one-out.ts`).
 */
const rows = await leaveOneOut();
const row = (template: string): LeaveOneOutRow => {
  const found = rows.find((r) => r.template === template);
  if (!found) throw new Error(`no mail of ${template}`);
  return found;
};

/** Templates of booking confirmations: the generic reader must recover most of their fields. */
const CONFIRMATIONS = ['airbnb/confirmation', 'booking-com/notification', 'vrbo/reservation', 'pms/scidoo'];

describe('leave one out', () => {
  for (const template of CONFIRMATIONS) {
    it(`${template} off: the generic reader recovers at least 70% of its confirmation fields`, () => {
      expect(row(template).fields).toBeGreaterThan(0);
      expect(share(row(template))).toBeGreaterThanOrEqual(0.7);
    });
  }

  it('airbnb/cancellation off: the guest is read from the sentence, the listing above its number', () => {
    expect(share(row('airbnb/cancellation'))).toBeGreaterThanOrEqual(0.9);
  });

  it('no template off makes the generic reader give a wrong value: it gives the right one or none', () => {
    for (const r of rows) expect(r.wrong, r.template).toBe(0);
  });

  it('the generic reader names the same channel and kind as the template it stands in for', () => {
    for (const r of rows) expect(r.identityRight, r.template).toBe(r.genericFacts);
  });

  it("guest messages, payouts and change requests are not the generic reader's: nothing is read from them", () => {
    // airbnb/payout's mail is only in the shared corpus, which a clone elsewhere may lack
    const present = ['booking-com/guest-message', 'airbnb/payout', 'airbnb/change-request'].filter((t) =>
      rows.some((r) => r.template === t),
    );
    expect(present).toEqual(expect.arrayContaining(['booking-com/guest-message', 'airbnb/change-request']));
    for (const template of present) expect(row(template).genericFacts, template).toBe(0);
  });
});
