import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { CODE, codesOf, ERRORS } from '../../contracts/errors.js';
import { CodedError } from '../../domain/coded-error.js';
import {
  FEED_PROTOCOLS,
  isAllowedPrivateHost,
  isIpLiteral,
  isPublicAddress,
  namesInternalHost,
  parseUrl,
  unbracket,
} from '../../domain/feed-address.js';

export const FEED_TIMEOUT_MS = 20_000;
export const FEED_MAX_BYTES = 5 * 1024 * 1024;
export const FEED_MAX_REDIRECTS = 5;

export const FEED_FETCH_ERRORS = codesOf(
  CODE.FEED_URL_NOT_ALLOWED,
  CODE.FEED_UNREACHABLE,
  CODE.FEED_TOO_LARGE,
);
export type FeedFetchErrorCode = (typeof FEED_FETCH_ERRORS)[number];

/**
 * Why a feed could not be read. The message is the registry's and nothing else: the URL is a
 * secret, and an upstream status, socket error or timing would turn the feed into a port scanner.
 * `status` stays on the object only so `retryable` can tell a 404 (will not heal) from a 503.
 */
export class FeedFetchError extends CodedError<FeedFetchErrorCode> {
  override readonly name = 'FeedFetchError';
  constructor(
    code: FeedFetchErrorCode,
    readonly status: number | null = null,
  ) {
    super(code);
  }

  get retryable(): boolean {
    if (this.status !== null && this.status < 500) return this.status === 408 || this.status === 429;
    return ERRORS[this.code].retryable;
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** The resolver, asked once per hop; tests give one that lies the way a rebinding DNS would. */
export type FeedLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

const systemLookup: FeedLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface FetchFeedOptions {
  /** `host:port` keys (`domain/feed-address.ts` `allowListOf`) that may resolve to internal addresses. */
  allowPrivateHosts: readonly string[];
  /** Refuse every host that is not allow-listed, before any lookup (tests, conformance). */
  onlyAllowedHosts?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  lookup?: FeedLookup;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const REQUESTS: Record<string, typeof httpRequest> = { 'http:': httpRequest, 'https:': httpsRequest };

/**
 * The text of an iCal feed at an http(s) URL. Every hop is vetted: the host is resolved once, every
 * address it resolves to must be public (or the host allow-listed), and the connection goes to the
 * vetted address, so a resolver that answers differently the second time has nobody to answer.
 * Redirects are followed by hand, at most five, each vetted like the first URL.
 */
export async function fetchFeed(url: string, options: FetchFeedOptions): Promise<string> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? FEED_TIMEOUT_MS);
  const maxBytes = options.maxBytes ?? FEED_MAX_BYTES;
  let current = feedUrlOf(url);
  for (let hop = 0; ; hop++) {
    const address = await vet(current, options);
    const response = await get(current, address, signal);
    const location = response.headers.location;
    if (REDIRECTS.has(response.statusCode ?? 0) && location) {
      response.destroy();
      if (hop >= FEED_MAX_REDIRECTS) throw new FeedFetchError(CODE.FEED_UNREACHABLE);
      current = feedUrlOf(location, current);
      continue;
    }
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      response.destroy();
      throw new FeedFetchError(CODE.FEED_UNREACHABLE, status);
    }
    return readCapped(response, maxBytes);
  }
}

function feedUrlOf(text: string, base?: URL): URL {
  const url = base ? parseRelative(text, base) : parseUrl(text);
  if (!url || !FEED_PROTOCOLS[url.protocol]) throw new FeedFetchError(CODE.FEED_URL_NOT_ALLOWED);
  return url;
}

function parseRelative(text: string, base: URL): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

async function vet(url: URL, options: FetchFeedOptions): Promise<ResolvedAddress> {
  if (namesInternalHost(url, options.allowPrivateHosts)) throw new FeedFetchError(CODE.FEED_URL_NOT_ALLOWED);
  if (options.onlyAllowedHosts && !isAllowedPrivateHost(url, options.allowPrivateHosts))
    throw new FeedFetchError(CODE.FEED_URL_NOT_ALLOWED);
  const host = unbracket(url.hostname);
  const addresses = isIpLiteral(url.hostname)
    ? [{ address: host, family: host.includes(':') ? 6 : 4 }]
    : await (options.lookup ?? systemLookup)(host).catch(() => {
        throw new FeedFetchError(CODE.FEED_UNREACHABLE);
      });
  const first = addresses[0];
  if (!first) throw new FeedFetchError(CODE.FEED_UNREACHABLE);
  const allowed = isAllowedPrivateHost(url, options.allowPrivateHosts);
  // one internal answer among public ones is enough: which one a connect would pick is not ours to guess
  if (!allowed && !addresses.every((a) => isPublicAddress(a.address)))
    throw new FeedFetchError(CODE.FEED_URL_NOT_ALLOWED);
  return first;
}

/** A lookup that answers only the vetted address: the socket never asks the resolver itself. */
function pinnedLookup(vetted: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [vetted]);
    else callback(null, vetted.address, vetted.family);
  };
}

function get(url: URL, address: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const options: RequestOptions = {
    method: 'GET',
    hostname: unbracket(url.hostname),
    port: url.port || FEED_PROTOCOLS[url.protocol],
    path: `${url.pathname}${url.search}`,
    headers: { accept: 'text/calendar, text/plain;q=0.9, */*;q=0.1' },
    // a pooled socket could have been opened for another host; each hop gets its own
    agent: false,
    lookup: pinnedLookup(address),
    signal,
  };
  return new Promise((resolve, reject) => {
    const req = REQUESTS[url.protocol]!(options, resolve);
    req.once('error', () => reject(new FeedFetchError(CODE.FEED_UNREACHABLE)));
    req.end();
  });
}

/** Reads the body chunk by chunk so a server that lies about (or omits) its length cannot exhaust memory. */
async function readCapped(response: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) {
    response.destroy();
    throw new FeedFetchError(CODE.FEED_TOO_LARGE);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        response.destroy();
        throw new FeedFetchError(CODE.FEED_TOO_LARGE);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FeedFetchError) throw error;
    throw new FeedFetchError(CODE.FEED_UNREACHABLE);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
