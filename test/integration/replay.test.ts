import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { decodeHistory, HISTORIES_DIR } from '../support/histories.js';

/**
 * Replays histories recorded from real runs (`RECORD_HISTORIES=1 npx vitest run
 * test/integration/connection-workflow.test.ts test/integration/webhooks/webhook-delivery.test.ts`)
 * against today's workflow code: a change that is not deterministic fails here, before it breaks a
 * live workflow.
 */
const files = (await readdir(HISTORIES_DIR)).filter((f) => f.endsWith('.binpb')).sort();

describe('workflow replay', () => {
  it('has recorded histories of the long-lived workflows to replay', () => {
    expect(files.filter((f) => f.startsWith('connection-')).length).toBeGreaterThanOrEqual(3);
    expect(files.filter((f) => f.startsWith('sync-')).length).toBeGreaterThanOrEqual(3);
    // one that continued as new after retried deliveries, one that ended with its endpoint (410)
    expect(files.filter((f) => f.startsWith('webhook-endpoint-')).length).toBeGreaterThanOrEqual(2);
  });

  for (const file of files) {
    it(`replays ${file}`, async () => {
      const history = decodeHistory(await readFile(join(HISTORIES_DIR, file)));
      await Worker.runReplayHistory(
        { workflowBundle: { codePath: inject('workflowBundlePath') } },
        history,
        file,
      );
    });
  }
});
