import type { Registry } from 'prom-client';
import { seriesOn } from './series.js';

/**
 * Every Gmail call by method and outcome: `ok`, or the registry code the call's failure was
 * classified as (gmail/errors.ts), so the label values are a closed vocabulary.
 */
export function gmailRequestMetrics(registry: Registry) {
  const requests = seriesOn(registry).counter(
    'connections_gmail_requests_total',
    'Gmail API calls, by method and outcome (ok or the error code)',
    ['method', 'outcome'],
  );
  return {
    record(method: string, outcome: string): void {
      requests.inc({ method, outcome });
    },
  };
}
export type GmailRequestMetrics = ReturnType<typeof gmailRequestMetrics>;
