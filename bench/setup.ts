import { startServers } from '../testing/servers.js';
import { type SharedServers, type Stack, startStack as startHarnessStack } from '../testing/stack.js';

/**
 * Everything the phases share: one Temporal dev server, one Postgres, one Gmail emulator (the
 * harness's stack), and the servers under it, for a phase that needs a stack of its own (push).
 */
export type BenchStack = Stack & { servers: SharedServers };

/** The harness's servers and one stack on them, without a worker: each phase spawns the worker it measures. */
export async function startStack(log: (line: string) => void): Promise<BenchStack> {
  const servers = await startServers({
    name: 'bench',
    temporalLog: process.env.BENCH_VERBOSE ? log : undefined,
  });
  log(`Temporal dev server ${servers.temporalAddress}`);
  log(`Postgres ${servers.databaseUrl.replace(/:[^:@/]+@/, ':***@')}, workflow bundle built`);
  try {
    const stack = await startHarnessStack(servers, { name: 'bench', worker: false, archiveConcurrency: 10 });
    const stopStack = stack.stop;
    stack.stop = async () => {
      await stopStack();
      await servers.stop();
    };
    return Object.assign(stack, { servers });
  } catch (err) {
    await servers.stop();
    throw err;
  }
}
