import { afterAll, beforeAll, inject } from 'vitest';
import type { SharedServers, Stack, StackOptions } from '../../testing/stack.js';
import { startStack as startHarnessStack } from '../../testing/stack.js';
import { type ClonedDatabase, cloneDatabase } from '../../testing/template-database.js';

export type { Stack } from '../../testing/stack.js';

/** The servers test/global-setup.ts started for this run. */
export function sharedServers(): SharedServers & { scratchDir: string } {
  return {
    temporalAddress: inject('temporalAddress'),
    databaseUrl: inject('databaseUrl'),
    workflowBundlePath: inject('workflowBundlePath'),
    scratchDir: inject('scratchDir'),
  };
}

/** A stack (testing/stack.ts) on the run's shared servers. */
export function startStack(options: StackOptions = {}): Promise<Stack> {
  return startHarnessStack(sharedServers(), options);
}

/** One stack for the whole file: handed to `use` before the first test, stopped after the last. */
export function useStack(use: (stack: Stack) => void, options: StackOptions = {}): void {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack(options);
    use(stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });
}

/** One fresh migrated database for the whole file, for tests that need Postgres and nothing else. */
export function useTestDatabase(use: (db: ClonedDatabase) => void): void {
  let db: ClonedDatabase | undefined;
  beforeAll(async () => {
    db = await cloneDatabase(inject('databaseUrl'));
    use(db);
  });
  afterAll(async () => {
    await db?.drop();
  });
}
