import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/**
 * The attacker's view of a URL we fetch or post to: a loopback "canary" stands for whatever
 * internal service a tenant would like the worker to reach. It counts every TCP connection, so a
 * refused URL is one that never touched it, not one whose answer was thrown away. Beside it, the
 * one local server the outbound allowance lets through.
 */
export interface CanaryServers {
  canaryPort: number;
  /** TCP connections the canary accepted since the current test began. */
  canaryConnections: number;
  allowedPort: number;
  /** The allowance naming the allowed server alone. */
  allowList: string[];
}

/** Both servers for the whole file (started before its own `beforeAll` hooks when called first). */
export function useCanaryServers(answers: {
  canary: RequestListener;
  allowed: RequestListener;
}): CanaryServers {
  const servers: CanaryServers = { canaryPort: 0, canaryConnections: 0, allowedPort: 0, allowList: [] };
  let canary: Server | undefined;
  let allowed: Server | undefined;
  beforeAll(async () => {
    canary = createServer(answers.canary);
    canary.on('connection', () => {
      servers.canaryConnections += 1;
    });
    servers.canaryPort = await listen(canary);
    allowed = createServer(answers.allowed);
    servers.allowedPort = await listen(allowed);
    servers.allowList = [`127.0.0.1:${servers.allowedPort}`];
  });
  afterAll(async () => {
    for (const server of [canary, allowed]) {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
  });
  beforeEach(() => {
    servers.canaryConnections = 0;
  });
  return servers;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
