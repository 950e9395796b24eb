const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function confirmationCode(n: number): string {
  let code = '';
  let rest = n;
  for (let i = 0; i < 8; i++) {
    code += CODE_ALPHABET[rest % CODE_ALPHABET.length];
    rest = Math.floor(rest / CODE_ALPHABET.length);
  }
  return `HM${code}`;
}

/**
 * The n-th of a family of small, distinct Airbnb-style confirmations (unique code and Message-ID,
 * stays spread over 2026-2027), for load tests and benchmarks that need many messages, not realism.
 */
export function syntheticConfirmation(n: number): string {
  const checkIn = new Date(Date.UTC(2026, 0, 1) + (n % 700) * 86_400_000);
  const checkOut = new Date(checkIn.getTime() + (2 + (n % 5)) * 86_400_000);
  const day = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const sent = new Date(checkIn.getTime() - 30 * 86_400_000);
  const code = confirmationCode(n);
  return [
    'From: Airbnb <automated@airbnb.com>',
    'To: host@example.com',
    `Subject: Reservation confirmed - Guest ${n} arrives ${day(checkIn)}`,
    `Date: ${sent.toUTCString()}`,
    `Message-ID: <synthetic-${n}-${code}@airbnb.example>`,
    'X-Template: BOOKING_CONFIRMATION_TO_HOST',
    'X-Locale: en',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `New booking confirmed! Guest ${n} arrives ${day(checkIn)}.`,
    '',
    'Check-in      Checkout',
    `${day(checkIn)}   ${day(checkOut)}`,
    '',
    'GUESTS',
    `${1 + (n % 4)} adults`,
    '',
    'CONFIRMATION CODE',
    code,
    '',
  ].join('\r\n');
}
