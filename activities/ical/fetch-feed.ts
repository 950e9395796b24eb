import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CODE, codesOf, ERRORS } from '../../contracts/errors.js';
import { CodedError } from '../../domain/coded-error.js';

export const FEED_TIMEOUT_MS = 20_000;
export const FEED_MAX_BYTES = 5 * 1024 * 1024;

export const FEED_FETCH_ERRORS = codesOf(
  CODE.HTTP_STATUS,
  CODE.TOO_LARGE,
  CODE.TIMEOUT,
  CODE.NETWORK,
  CODE.UNSUPPORTED_URL,
  CODE.FILE_UNREADABLE,
);
export type FeedFetchErrorCode = (typeof FEED_FETCH_ERRORS)[number];

/**
 * Why a feed could not be read. `retryable` tells the caller (a Temporal activity) whether another
 * attempt can help: a 404 or a bad URL will not heal by itself, a 503 or a timeout may.
 */
export class FeedFetchError extends CodedError<FeedFetchErrorCode> {
  override readonly name = 'FeedFetchError';
  constructor(
    code: FeedFetchErrorCode,
    message: string,
    readonly status: number | null = null,
  ) {
    super(code, message);
  }

  get retryable(): boolean {
    if (this.code === CODE.HTTP_STATUS)
      return this.status === 408 || this.status === 429 || (this.status ?? 0) >= 500;
    return ERRORS[this.code].retryable;
  }
}

export interface FetchFeedOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

/** The text of an iCal feed at an `http(s)://` URL, or a `file://` URL for the local demo and tests. */
export async function fetchFeed(url: string, options: FetchFeedOptions = {}): Promise<string> {
  const maxBytes = options.maxBytes ?? FEED_MAX_BYTES;
  const protocol = protocolOf(url);
  if (protocol === 'file:') return readFileFeed(url, maxBytes);
  if (protocol === 'http:' || protocol === 'https:') {
    return fetchHttpFeed(url, maxBytes, options.timeoutMs ?? FEED_TIMEOUT_MS);
  }
  throw new FeedFetchError(CODE.UNSUPPORTED_URL, `unsupported feed URL scheme: ${protocol ?? url}`);
}

function protocolOf(url: string): string | null {
  try {
    return new URL(url).protocol;
  } catch {
    return null;
  }
}

async function readFileFeed(url: string, maxBytes: number): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(fileURLToPath(url), 'r');
  } catch (error) {
    throw new FeedFetchError(CODE.FILE_UNREADABLE, `cannot read ${url}: ${(error as Error).message}`);
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw tooLarge(url, maxBytes);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

async function fetchHttpFeed(url: string, maxBytes: number, timeoutMs: number): Promise<string> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'text/calendar, text/plain;q=0.9, */*;q=0.1' },
    redirect: 'follow',
  }).catch((error: unknown) => {
    throw networkError(url, error, timeoutMs);
  });
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new FeedFetchError(CODE.HTTP_STATUS, `feed ${url} answered ${response.status}`, response.status);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(url, maxBytes);
  }
  return readCapped(response, url, maxBytes, timeoutMs);
}

/** Reads the body chunk by chunk so a server that lies about (or omits) its length cannot exhaust memory. */
async function readCapped(
  response: Response,
  url: string,
  maxBytes: number,
  timeoutMs: number,
): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(url, maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FeedFetchError) throw error;
    throw networkError(url, error, timeoutMs);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function tooLarge(url: string, maxBytes: number): FeedFetchError {
  return new FeedFetchError(CODE.TOO_LARGE, `feed ${url} is larger than ${maxBytes} bytes`);
}

function networkError(url: string, error: unknown, timeoutMs: number): FeedFetchError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new FeedFetchError(CODE.TIMEOUT, `feed ${url} did not answer within ${timeoutMs} ms`);
  }
  return new FeedFetchError(
    CODE.NETWORK,
    `feed ${url} could not be fetched: ${(error as Error)?.message ?? error}`,
  );
}
