import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An iCal feed server on loopback, for tests that register feeds with the API. */
export interface CalendarServer {
  /** `127.0.0.1:port`: what the API is told to allow as a private host */
  host: string;
  /** `http://127.0.0.1:port`, to which a test appends a feed's path */
  url: string;
  stop(): Promise<void>;
}

/** Serves `calendarAt(path)` as text/calendar, or 404 where it gives nothing. */
export async function startCalendarServer(
  calendarAt: (path: string) => string | undefined,
): Promise<CalendarServer> {
  const server = createServer((req, res) => {
    const body = calendarAt(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/calendar' });
    res.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
