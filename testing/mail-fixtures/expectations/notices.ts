import type { Channel, Fact, FactKind } from '../../../extraction/fact.js';

/** A notice's reservation number, first night and listing (`null`: it must name none; absent: not checked). */
type NoticeRow = readonly [confirmationCode: string, checkIn: string, listingName?: string | null];

/**
 * Booking.com notices of one kind, by file: each gives its reservation number and first night and
 * little more (the rest is behind the extranet login), some the property's name.
 */
export function bookingNotices(
  kind: FactKind,
  rows: Record<string, NoticeRow>,
): Record<string, Partial<Fact>[]> {
  return Object.fromEntries(
    Object.entries(rows).map(([file, [confirmationCode, checkIn, listingName]]) => [
      file,
      [
        {
          platform: 'booking',
          kind,
          confirmationCode,
          checkIn,
          ...(listingName === undefined ? {} : { listingName }),
        },
      ],
    ]),
  );
}

/** A channel's own mail that gives its number in the subject only, read by the generic reader. */
export const subjectOnly = (
  platform: Channel,
  kind: FactKind,
  confirmationCode: string,
  more: Partial<Fact> = {},
): Partial<Fact>[] => [{ platform, kind, readBy: 'generic', confirmationCode, ...more }];
