import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

let installed = false;

/**
 * The SDK's own INFO lines (worker state changes) drown the output of a test or a bench, and the
 * core's retries while a drill has stopped the server on purpose are WARN lines on stderr: both
 * quiet unless TEST_TEMPORAL_LOG_LEVEL says otherwise. Once per process, before the first worker.
 */
export function installQuietRuntime(): void {
  if (installed) return;
  installed = true;
  const level = (process.env.TEST_TEMPORAL_LOG_LEVEL as 'WARN' | undefined) ?? 'ERROR';
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      telemetryOptions: {
        logging: { filter: makeTelemetryFilterString({ core: level, other: level }), forward: {} },
      },
    });
  } catch {
    // another module of this process installed one first
  }
}
