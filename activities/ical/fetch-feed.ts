import { CODE, codesOf, ERRORS } from '../../contracts/errors.js';
import { CodedError } from '../../domain/coded-error.js';
import {
  OutboundError,
  type OutboundFailure,
  type OutboundLookup,
  sendOutbound,
} from '../../outbound/outbound-request.js';

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

/** The resolver, asked once per hop; tests give one that lies the way a rebinding DNS would. */
export type FeedLookup = OutboundLookup;

export interface FetchFeedOptions {
  /** `host:port` keys (`outbound/address-rules.ts` `allowListOf`) that may resolve to internal addresses. */
  allowPrivateHosts: readonly string[];
  /** Refuse every host that is not allow-listed, before any lookup (tests, conformance). */
  onlyAllowedHosts?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  lookup?: FeedLookup;
}

/** What a tenant learns of an outbound failure: one of the feed's codes (a timeout is unreachable too). */
const FEED_CODES: Record<OutboundFailure, FeedFetchErrorCode> = {
  not_allowed: CODE.FEED_URL_NOT_ALLOWED,
  unreachable: CODE.FEED_UNREACHABLE,
  timeout: CODE.FEED_UNREACHABLE,
  too_large: CODE.FEED_TOO_LARGE,
};

/**
 * The text of an iCal feed at an http(s) URL, through the one outbound door
 * (`outbound/outbound-request.ts`): every hop vetted, the socket pinned to the vetted address, at
 * most five redirects, one timeout for the whole fetch, the body capped.
 */
export async function fetchFeed(url: string, options: FetchFeedOptions): Promise<string> {
  try {
    const answer = await sendOutbound(
      url,
      {
        method: 'GET',
        headers: { accept: 'text/calendar, text/plain;q=0.9, */*;q=0.1' },
        maxRedirects: FEED_MAX_REDIRECTS,
        timeoutMs: options.timeoutMs ?? FEED_TIMEOUT_MS,
        ...(options.lookup ? { lookup: options.lookup } : {}),
      },
      { allowPrivateHosts: options.allowPrivateHosts, onlyAllowedHosts: options.onlyAllowedHosts ?? false },
    );
    if (answer.status < 200 || answer.status > 299) {
      answer.discard();
      throw new FeedFetchError(CODE.FEED_UNREACHABLE, answer.status);
    }
    return await answer.read(options.maxBytes ?? FEED_MAX_BYTES);
  } catch (err) {
    if (err instanceof OutboundError) throw new FeedFetchError(FEED_CODES[err.failure]);
    throw err;
  }
}
