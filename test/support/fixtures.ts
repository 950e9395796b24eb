import { createHash, randomBytes } from 'node:crypto';
import { type ConnectionWorkflowInput, connectionWorkflowId } from '../../contracts/workflows.js';
import { seedMessages } from '../../dev/gmail/mailbox.js';
import { authorizeUser, GMAIL_READONLY_SCOPE } from '../../dev/gmail/oauth.js';
import { storeTokens } from '../../gmail/connected-gmail.js';
import type { Stack } from './stack.js';

export interface TestConnection {
  workspaceId: string;
  connectionId: string;
  labelId: string;
  label: string;
  refreshToken: string;
}

/** A workspace with a connected connection on `label`, its tokens really issued by the emulator. */
export async function createConnectedConnection(
  stack: Stack,
  opts: { label?: string; user?: string; intervalMinutes?: number } = {},
): Promise<TestConnection> {
  const label = opts.label ?? 'Airbnb';
  const user = opts.user ?? 'host@example.com';
  const [ws] = await stack.sql<{ id: string }[]>`
    INSERT INTO workspaces (name, api_token_hash)
    VALUES ('test', ${createHash('sha256').update(randomBytes(16)).digest('hex')}) RETURNING id`;
  const { labelId } = await seedMessages({ emulatorUrl: stack.emulator.url, user, label, raws: [] });
  const { tokens } = await authorizeUser({
    emulatorUrl: stack.emulator.url,
    user,
    scopes: [GMAIL_READONLY_SCOPE],
  });
  const [conn] = await stack.sql<{ id: string }[]>`
    INSERT INTO connections (workspace_id, platform, reservation_label, gmail_label_id, gmail_address, gmail_status, sync_interval_minutes)
    VALUES (${ws!.id}, 'airbnb', ${label}, ${labelId}, ${user}, 'connected', ${opts.intervalMinutes ?? 15}) RETURNING id`;
  await storeTokens(stack.deps, conn!.id, tokens);
  return { workspaceId: ws!.id, connectionId: conn!.id, labelId, label, refreshToken: tokens.refresh_token };
}

/** Puts raw e-mails into the user's label through the Gmail API; returns their Gmail ids. */
export async function deliver(
  stack: Stack,
  label: string,
  raws: string[],
  user = 'host@example.com',
): Promise<string[]> {
  const { ids } = await seedMessages({ emulatorUrl: stack.emulator.url, user, label, raws });
  return ids;
}

let counter = 0;

/** A small, valid Airbnb confirmation whose code and dates differ per call. */
export function airbnbConfirmation(n = counter++, guest = `Guest ${n}`): string {
  const code = `HM${String(n).padStart(8, '0')}`.slice(0, 10);
  const day = (n % 27) + 1;
  return [
    'From: Airbnb <automated@airbnb.com>',
    'To: host@example.com',
    `Subject: Reservation confirmed - ${guest} arrives Jul ${day}`,
    `Date: Mon, 1 Jun 2026 10:${String(n % 60).padStart(2, '0')}:00 +0000`,
    `Message-ID: <test-${n}-${randomBytes(4).toString('hex')}@airbnb.com>`,
    'X-Template: BOOKING_CONFIRMATION_TO_HOST',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'New booking confirmed! ' + guest + ' arrives Jul ' + day + '.',
    '',
    'SEASIDE LOFT',
    'Entire home/apt',
    '',
    'Check-in      Checkout',
    `Wed, Jul ${day}   Sat, Jul ${day + 1}`,
    '',
    'GUESTS',
    '2 adults',
    '',
    'CONFIRMATION CODE',
    code,
    '',
    'YOU EARN',
    '$120.50',
    '',
  ].join('\r\n');
}

/** Starts the connection's workflow as the API would, on the stack's task queue unless told otherwise. */
export function startConnectionWorkflow(
  stack: Stack,
  conn: TestConnection,
  extra: Partial<ConnectionWorkflowInput> & { taskQueue?: string } = {},
) {
  const { taskQueue = stack.taskQueue, ...overrides } = extra;
  const input: ConnectionWorkflowInput = {
    connectionId: conn.connectionId,
    workspaceId: conn.workspaceId,
    label: conn.label,
    intervalMinutes: 15,
    syncState: 'active',
    initialSync: true,
    ...overrides,
  };
  return stack.client.workflow.start('connectionWorkflow', {
    taskQueue,
    workflowId: connectionWorkflowId(conn.connectionId),
    args: [input],
  });
}
