import { createServer } from 'node:net';

/** A port nobody listens on right now (the OS picks it; we release it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A free port for each server `npm run dev` starts (dev/dev.ts), by the variable that sets it, so
 * a stack of its own runs beside the others on this machine.
 */
export async function freeDevStackPorts() {
  return {
    API_PORT: await freePort(),
    TEMPORAL_PORT: await freePort(),
    TEMPORAL_UI_PORT: await freePort(),
    POSTGRES_PORT: await freePort(),
    GMAIL_EMULATOR_PORT: await freePort(),
    DEMO_FEED_PORT: await freePort(),
    DEMO_WEBHOOK_PORT: await freePort(),
    PUBSUB_EMULATOR_PORT: await freePort(),
  };
}

/** Those ports as environment variables. */
export const portVariables = (ports: Record<string, number>): Record<string, string> =>
  Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)]));
