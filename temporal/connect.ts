import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Env } from '../config/env.js';

/** Address, namespace, TLS or API key: the same settings reach a dev server or Temporal Cloud. */
async function connectionOptions(env: Env) {
  const tls =
    env.TEMPORAL_TLS === 'true' || env.TEMPORAL_API_KEY
      ? env.TEMPORAL_TLS_CERT_PATH && env.TEMPORAL_TLS_KEY_PATH
        ? {
            clientCertPair: {
              crt: await readFile(env.TEMPORAL_TLS_CERT_PATH),
              key: await readFile(env.TEMPORAL_TLS_KEY_PATH),
            },
          }
        : true
      : undefined;
  return {
    address: env.TEMPORAL_ADDRESS,
    ...(tls ? { tls } : {}),
    ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
  };
}

export async function connectTemporalClient(env: Env): Promise<Client> {
  const connection = await Connection.connect(await connectionOptions(env));
  return new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
}

export async function connectWorkerConnection(env: Env): Promise<NativeConnection> {
  return NativeConnection.connect(await connectionOptions(env));
}
