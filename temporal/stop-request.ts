import type { Logger } from '../config/logger.js';

export interface StopRequest {
  /** Runs `stop` once: now if a signal has come already, otherwise when the first one comes. */
  onStop(stop: () => void): void;
  /** Stops listening (the process is on its way out). */
  dispose(): void;
}

/**
 * The worker's one way to stop: the first SIGINT or SIGTERM asks for it, every later one is only
 * logged. Listening starts before the slow part of start-up, so a Ctrl-C there is heard as well
 * and the worker stops as soon as it runs.
 *
 * One listener only: the Temporal runtime is installed with `shutdownSignals: []`. With two, Ctrl-C
 * under `npm run dev` (SIGINT to the whole process group, the dev supervisor's SIGTERM a moment
 * later) had the runtime start draining the worker and a second `Worker.shutdown()` throw
 * `IllegalStateError: Not running. Current state: DRAINING`.
 *
 * @example
 * const stopRequest = listenForStop(log);
 * const running = worker.run();
 * stopRequest.onStop(() => worker.shutdown());
 * await running;
 */
export function listenForStop(log: Logger, signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): StopRequest {
  let requested: NodeJS.Signals | null = null;
  let stop: (() => void) | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (requested) {
      log.info({ event: 'worker_stop_repeated', signal, first: requested }, 'already stopping');
      return;
    }
    requested = signal;
    log.info({ event: 'worker_stopping', signal }, 'stopping');
    stop?.();
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    onStop(then) {
      stop = then;
      if (requested) then();
    },
    dispose() {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}
