import type { InsertInput } from '@emulators/core';
import type { GoogleHistoryEvent, GoogleMessage, GoogleStore } from '@emulators/google';

// @emulators/google mints history ids as `${Date.now()}${random digits}`, so two changes in the same
// millisecond can get decreasing ids and a client resuming from the newer one would never see the
// other. Gmail's ids only grow. We rewrite each minted id into a counter as the store receives it; the
// emulator mints one id per change and stores it on the message and on its history events, so a
// small minted→ours table keeps them equal.
const MINTED = /^\d{21,}$/;
const FIRST_ID = 100_000n;
const REMEMBERED = 1_000;

export interface HistoryClock {
  /** the newest history id issued (Gmail's profile/historyId) */
  current(): string;
}

function highestStoredId(gs: GoogleStore): bigint {
  const ids = [...gs.messages.all().map((m) => m.history_id), ...gs.history.all().map((h) => h.gmail_id)];
  return ids
    .filter((id) => /^\d+$/.test(id) && !MINTED.test(id))
    .map((id) => BigInt(id))
    .reduce((max, id) => (id > max ? id : max), FIRST_ID);
}

export function installMonotonicHistoryIds(gs: GoogleStore): HistoryClock {
  let last = highestStoredId(gs);
  const issued = new Map<string, string>();
  const translate = (id: string): string => {
    if (!MINTED.test(id)) return id;
    const known = issued.get(id);
    if (known) return known;
    last += 1n;
    const ours = String(last);
    issued.set(id, ours);
    if (issued.size > REMEMBERED) issued.delete(issued.keys().next().value ?? '');
    return ours;
  };

  const insertMessage = gs.messages.insert.bind(gs.messages);
  gs.messages.insert = (data: InsertInput<GoogleMessage>) =>
    insertMessage({ ...data, history_id: translate(data.history_id) });
  const updateMessage = gs.messages.update.bind(gs.messages);
  gs.messages.update = (id: number, data: Partial<GoogleMessage>) =>
    updateMessage(
      id,
      data.history_id === undefined ? data : { ...data, history_id: translate(data.history_id) },
    );
  const insertEvent = gs.history.insert.bind(gs.history);
  gs.history.insert = (data: InsertInput<GoogleHistoryEvent>) =>
    insertEvent({ ...data, gmail_id: translate(data.gmail_id) });

  return { current: () => String(last) };
}
