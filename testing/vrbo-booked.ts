/**
 * The body of Vrbo's "your property has been booked" mail (dev/demo/emails/07-vrbo-reservation.eml),
 * up to the traveller's name: a label line, the value indented under it, a blank line. The test
 * mail (testing/mail.ts) and the bench's mailbox (bench/emails.ts) both write it; no imports, so
 * the bench can run it under plain tsx.
 */
export function vrboBookedLines(r: {
  guest: string;
  code: string;
  property: string;
  dates: string;
  guests: string;
}): string[] {
  const fields: [label: string, value: string][] = [
    ['Reservation ID', r.code],
    ['Property', r.property],
    ['Dates', r.dates],
    ['Guests', r.guests],
    ['Traveler Name', r.guest],
  ];
  return [
    'Great news! Your property has been booked.',
    '',
    `Reservation from ${r.guest}`,
    '',
    ...fields.flatMap(([label, value]) => [`${label}:`, `    ${value}`, '']),
  ];
}
