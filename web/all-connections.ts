import type { Connection } from '../api/connection-record.js';
import { answer, type ClientOf } from './workspace-client.js';

/** The largest page the API gives (api/schemas.ts `PageQuery`). */
const PAGE = 200;

/**
 * Every connection of the session's workspace, newest first, page by page: the list is
 * cursor-paginated like every other, and a workspace holds at most CONNECTIONS_PER_WORKSPACE, so
 * the pages end.
 */
export async function allConnections(api: ReturnType<ClientOf>): Promise<Connection[]> {
  const all: Connection[] = [];
  let cursor: string | undefined;
  do {
    const page = await answer(api.connections.$get({ query: { limit: PAGE, cursor } }));
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
