/**
 * When an import is held instead of applied: a feed that suddenly loses most of its future stays
 * is far more often a platform glitch (an empty calendar served during an outage, a listing
 * unlinked by mistake) than a wave of real cancellations, and cancelling wrongly tells the host the
 * place is free. A single stay leaving a small calendar is an ordinary cancellation.
 */
export interface DropShape {
  /** Confirmed stays of the feed that have not ended. */
  futureStays: number;
  /** How many of them the new feed no longer holds. */
  dropped: number;
  /** Events in the new feed, of any kind. */
  events: number;
}

const HOLD_RULES: readonly { why: string; holds: (d: DropShape) => boolean }[] = [
  {
    why: 'a valid but empty feed would cancel every future stay',
    holds: (d) => d.events === 0 && d.dropped > 0,
  },
  {
    why: 'more than half of the future stays, two or more, would vanish at once',
    holds: (d) => d.dropped >= 2 && d.dropped * 2 > d.futureStays,
  },
];

/** The reason to hold the import, or null to apply it. */
export function holdReason(drop: DropShape): string | null {
  return HOLD_RULES.find((rule) => rule.holds(drop))?.why ?? null;
}
