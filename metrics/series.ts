import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Counters, histograms and gauges on one process's registry, never prom-client's global one: the API and
 * the worker each expose their own, and a test can build as many as it likes in one process.
 */
export function seriesOn(registry: Registry) {
  return {
    counter<L extends string = string>(name: string, help: string, labelNames?: readonly L[]) {
      return new Counter<L>({ name, help, ...(labelNames && { labelNames }), registers: [registry] });
    },
    histogram<L extends string>(name: string, help: string, buckets: number[], labelNames: readonly L[]) {
      return new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
    },
    /** A gauge read when Prometheus scrapes: `read` sets its values (from Postgres, so every replica agrees). */
    gaugeOnScrape<L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      read: (gauge: Gauge<L>) => Promise<void>,
    ) {
      return new Gauge<L>({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          return read(this);
        },
      });
    },
  };
}
