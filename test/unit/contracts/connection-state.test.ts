import { describe, expect, it } from 'vitest';
import { gmailHealthOf, type StateFacts, stateNameOf } from '../../../contracts/connection-state.js';
import type {
  CarriedState,
  ConnectionWorkflowInput,
  LastRun,
  SyncState,
} from '../../../contracts/workflows.js';
import { connectionStartOptions } from '../../../domain/connection-workflow/start-options.js';
import { ConnectionState } from '../../../workflows/connection-state.js';

const FACTS: StateFacts = { gmail: 'ok', syncState: 'active', running: false, lastRun: null };
const facts = (over: Partial<StateFacts>): StateFacts => ({ ...FACTS, ...over });

describe('gmailHealthOf: gmail_status → the health a workflow carries', () => {
  it.each([
    ['connected', 'ok'],
    // Google took the grant back, no key opens its tokens, or the consent found no label
    ['error', 'needs_reauth'],
    // no grant at all: no workflow watches the connection
    ['pending', null],
    ['revoked', null],
  ] as const)('%s → %s', (status, health) => {
    expect(gmailHealthOf(status)).toBe(health);
  });
});

describe('stateNameOf', () => {
  it.each([
    [
      'a revoked grant outranks a pause, a run and a failure',
      facts({ gmail: 'needs_reauth', syncState: 'paused', running: true, lastRun: 'failed' }),
      'needs_reauth',
    ],
    [
      'a pause outranks a run and a failure',
      facts({ syncState: 'paused', running: true, lastRun: 'failed' }),
      'paused',
    ],
    ['a run in flight outranks the last failure', facts({ running: true, lastRun: 'failed' }), 'syncing'],
    ['the last run failed', facts({ lastRun: 'failed' }), 'error'],
    ['the last run was cancelled', facts({ lastRun: 'cancelled' }), 'idle'],
    ['the last run completed', facts({ lastRun: 'completed' }), 'idle'],
    ['never ran', facts({}), 'idle'],
    ['never connected', facts({ gmail: null }), 'idle'],
    ['never connected, paused', facts({ gmail: null, syncState: 'paused' }), 'paused'],
    ['disconnected after a failed run', facts({ gmail: null, lastRun: 'failed' }), 'error'],
  ] as const)('%s → %s', (_, f, name) => {
    expect(stateNameOf(f)).toBe(name);
  });
});

const lastRun = (status: LastRun['status']): LastRun => ({
  runId: 'r1',
  workflowId: 'sync-c1-3',
  status,
  finishedAt: '2026-06-01T10:00:00.000Z',
  errorCode: null,
  emailsScanned: 0,
  emailsArchived: 0,
  duplicatesSkipped: 0,
  factsExtracted: 0,
  bookingsEnriched: 0,
  reviewItemsCreated: 0,
});

describe('a rebuilt connection workflow', () => {
  const input = (
    carried: Partial<CarriedState>,
    syncState: SyncState = 'active',
  ): ConnectionWorkflowInput => ({
    connectionId: 'c1',
    workspaceId: 'w1',
    label: 'Airbnb',
    intervalMinutes: 15,
    syncState,
    initialSync: false,
    carried: {
      gmail: 'ok',
      runCount: 3,
      lastRun: null,
      lastError: null,
      nextSyncAt: null,
      pendingTrigger: null,
      ...carried,
    },
  });

  it.each([
    ['healthy', input({})],
    ['its last run failed', input({ lastRun: lastRun('failed') })],
    ['paused', input({ lastRun: lastRun('completed') }, 'paused')],
    ['waiting for a reconnect', input({ gmail: 'needs_reauth', lastRun: lastRun('failed') })],
    ['waiting for a reconnect, paused', input({ gmail: 'needs_reauth' }, 'paused')],
  ])('%s: is started with the state it then reports', (_, start) => {
    const attribute = connectionStartOptions(start, 'q').typedSearchAttributes.find(
      (a) => a.key.name === 'ConnectionState',
    );
    expect(attribute?.value).toBe(new ConnectionState(start).stateName());
  });
});
