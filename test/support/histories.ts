import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const HISTORIES_DIR = fileURLToPath(new URL('../fixtures/histories', import.meta.url));
const History = temporal.api.history.v1.History;

/**
 * With RECORD_HISTORIES=1, saves a workflow's event history as a replay fixture
 * (test/integration/replay.test.ts replays every one against the current workflow code).
 * Binary protobuf: protobufjs' JSON codec trips over vitest's module loader.
 */
export async function recordHistory(
  client: Client,
  workflowId: string,
  name: string,
  runId?: string,
): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  await mkdir(HISTORIES_DIR, { recursive: true });
  await writeFile(join(HISTORIES_DIR, `${name}.binpb`), History.encode(History.fromObject(history)).finish());
}

export function decodeHistory(bytes: Uint8Array) {
  return History.decode(bytes);
}
