import { setFlagsFromString } from 'node:v8';

/**
 * Sets the young generation (V8's semi-space) of every isolate the process creates from now on:
 * the Temporal SDK's workflow thread, which runs every cached workflow and whose `resourceLimits`
 * the SDK does not expose, and the message pool's threads. At V8's default (16 MB semi-spaces) the
 * worker kept 120–170 MB more resident with 1000 idle connections (docs/performance.md, "Idle
 * memory"). The main thread's heap is configured already and keeps V8's default. Call it before
 * `Worker.create`, which starts the workflow thread. 0: V8's default.
 */
export function setThreadSemiSpace(mb: number): void {
  if (mb > 0) setFlagsFromString(`--max-semi-space-size=${mb}`);
}
