import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { restoreTokenMap, type Store, serializeTokenMap, type TokenMap } from '@emulators/core';
import { z } from 'zod';

// The emulator's whole mailbox (store snapshot) plus the access tokens it issued, which core keeps
// outside the store: without them a restarted emulator would reject the API's stored tokens.
const savedState = z.object({
  store: z.object({
    collections: z.record(
      z.string(),
      z.object({
        items: z.array(z.looseObject({ id: z.number(), created_at: z.string(), updated_at: z.string() })),
        autoId: z.number(),
        indexFields: z.array(z.string()),
      }),
    ),
    data: z.record(z.string(), z.unknown()),
  }),
  tokens: z.array(
    z.object({ token: z.string(), login: z.string(), id: z.number(), scopes: z.array(z.string()) }),
  ),
});

/** Loads the state file into the store; false when there is none yet. */
export async function loadState(path: string, store: Store, tokenMap: TokenMap): Promise<boolean> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (text === null) return false;
  const state = savedState.parse(JSON.parse(text));
  store.restore(state.store);
  restoreTokenMap(tokenMap, state.tokens);
  return true;
}

export interface StateSaver {
  /** save soon; many changes in a burst give one write */
  schedule(): void;
  /** save now and wait for every pending write */
  flush(): Promise<void>;
}

const DEBOUNCE_MS = 250;

export function stateSaver(path: string, store: Store, tokenMap: TokenMap): StateSaver {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const write = async () => {
    const text = JSON.stringify({ store: store.snapshot(), tokens: serializeTokenMap(tokenMap) });
    await mkdir(dirname(path), { recursive: true });
    // write then rename, so a crash mid-write never leaves a truncated mailbox
    await writeFile(`${path}.tmp`, text, 'utf8');
    await rename(`${path}.tmp`, path);
  };
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    // a failed write must not block the next one
    writing = writing.catch(() => undefined).then(write);
    return writing;
  };
  return {
    schedule() {
      timer ??= setTimeout(
        () => void flush().catch((err) => console.error('[gmail-emulator] save failed', err)),
        DEBOUNCE_MS,
      );
    },
    flush,
  };
}
