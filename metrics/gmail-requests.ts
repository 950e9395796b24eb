import { Counter, type Registry } from 'prom-client';

/**
 * Every Gmail call by method and outcome: `ok`, or the registry code the call's failure was
 * classified as (gmail/errors.ts), so the label values are a closed vocabulary.
 */
export function gmailRequestMetrics(registry: Registry) {
  const requests = new Counter({
    name: 'connections_gmail_requests_total',
    help: 'Gmail API calls, by method and outcome (ok or the error code)',
    labelNames: ['method', 'outcome'] as const,
    registers: [registry],
  });
  return {
    record(method: string, outcome: string): void {
      requests.inc({ method, outcome });
    },
  };
}
export type GmailRequestMetrics = ReturnType<typeof gmailRequestMetrics>;
