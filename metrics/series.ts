import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * Counters and histograms on one process's registry, never prom-client's global one: the API and
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
  };
}
