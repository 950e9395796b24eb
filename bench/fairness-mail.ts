/**
 * A hostile message for the fairness drill (issue 20): MIME nested `depth` levels deep, each level
 * a multipart/alternative with a slice of the `megabytes` in HTML full of table cells, the shape
 * that costs the parser and the extractor the most per byte. One such message holds a mail thread
 * for its whole budget.
 */
export function nestedMime(depth: number, megabytes: number, kind: 'html' | 'text' = 'html'): string {
  const perLevel = Math.floor((megabytes * 1024 * 1024) / depth);
  const cell =
    kind === 'html'
      ? '<td><b>Check-in</b> Aug 1 - 9, 2026 &amp; 3 guests</td>'
      : 'Check-in Aug 1 - 9, 2026\r\n';
  const body = cell.repeat(Math.ceil(perLevel / cell.length));
  const type = kind === 'html' ? 'text/html' : 'text/plain';
  const level = (n: number): string[] => {
    if (n === depth) return [`Content-Type: ${type}; charset=utf-8`, '', body];
    const b = `b${n}x`;
    return [
      `Content-Type: multipart/mixed; boundary="${b}"`,
      '',
      `--${b}`,
      `Content-Type: ${type}; charset=utf-8`,
      '',
      body,
      `--${b}`,
      ...level(n + 1),
      `--${b}--`,
    ];
  };
  return [
    'From: Flood <flood@example.org>',
    'To: host@example.com',
    'Subject: Reservation confirmed',
    'Date: Mon, 1 Jun 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    ...level(0),
    '',
  ].join('\r\n');
}
