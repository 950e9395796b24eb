import { lookup as dnsLookup } from 'node:dns/promises';
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  isAllowedPrivateHost,
  isIpLiteral,
  isPublicAddress,
  namesInternalHost,
  OUTBOUND_PROTOCOLS,
  type OutboundPolicy,
  parseUrl,
  unbracket,
} from './address-rules.js';

/**
 * Why a request went nowhere. `not_allowed`: the URL, a redirect or a resolved address is internal
 * (or off the list when only allowed hosts may be reached); `unreachable`: no answer (DNS, refused,
 * reset, too many redirects); `timeout`: no whole answer in time; `too_large`: a body over the cap.
 * Callers turn these into their own codes, and say no more than that to a tenant.
 */
export type OutboundFailure = 'not_allowed' | 'unreachable' | 'timeout' | 'too_large';

export class OutboundError extends Error {
  override readonly name = 'OutboundError';
  constructor(readonly failure: OutboundFailure) {
    super(`outbound request failed: ${failure}`);
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** The resolver, asked once per hop; tests give one that lies the way a rebinding DNS would. */
export type OutboundLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

const systemLookup: OutboundLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Redirects followed by hand, each hop vetted like the first; 0: a 3xx is the answer. */
  maxRedirects: number;
  timeoutMs: number;
  lookup?: OutboundLookup;
}

/** An answer whose body has not been read yet: `read` it (capped) or `discard` it. */
export interface OutboundAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  read(maxBytes: number): Promise<string>;
  discard(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const REQUESTS: Record<string, typeof httpRequest> = { 'http:': httpRequest, 'https:': httpsRequest };

/**
 * The one way out of the machine, for feeds and webhooks alike. Every hop is vetted: the URL must be
 * http(s); the host is resolved once and every address it resolves to must be public (or the
 * `host:port` allowed); the socket connects to the vetted address only, so a resolver that answers
 * differently the second time (DNS rebinding) has nobody to answer. Redirects are followed by hand,
 * each vetted like the first URL, at most `maxRedirects`. The whole exchange, body included, runs
 * under one timeout.
 */
export async function sendOutbound(
  url: string,
  request: OutboundRequest,
  policy: OutboundPolicy,
): Promise<OutboundAnswer> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  let current = outboundUrlOf(url);
  for (let hop = 0; ; hop++) {
    const address = await vet(current, policy, request.lookup ?? systemLookup);
    const response = await send(current, address, request, signal);
    const location = response.headers.location;
    const status = response.statusCode ?? 0;
    if (request.maxRedirects === 0 || !REDIRECTS.has(status) || !location) return answerOf(response, signal);
    response.destroy();
    if (hop >= request.maxRedirects) throw new OutboundError('unreachable');
    current = outboundUrlOf(location, current);
  }
}

function outboundUrlOf(text: string, base?: URL): URL {
  const url = base ? parseRelative(text, base) : parseUrl(text);
  if (!url || !OUTBOUND_PROTOCOLS[url.protocol]) throw new OutboundError('not_allowed');
  return url;
}

function parseRelative(text: string, base: URL): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

async function vet(url: URL, policy: OutboundPolicy, lookup: OutboundLookup): Promise<ResolvedAddress> {
  if (namesInternalHost(url, policy.allowPrivateHosts)) throw new OutboundError('not_allowed');
  const allowed = isAllowedPrivateHost(url, policy.allowPrivateHosts);
  if (policy.onlyAllowedHosts && !allowed) throw new OutboundError('not_allowed');
  const host = unbracket(url.hostname);
  const addresses = isIpLiteral(url.hostname)
    ? [{ address: host, family: host.includes(':') ? 6 : 4 }]
    : await lookup(host).catch(() => {
        throw new OutboundError('unreachable');
      });
  const first = addresses[0];
  if (!first) throw new OutboundError('unreachable');
  // one internal answer among public ones is enough: which one a connect would pick is not ours to guess
  if (!allowed && !addresses.every((a) => isPublicAddress(a.address))) throw new OutboundError('not_allowed');
  return first;
}

/** A lookup that answers only the vetted address: the socket never asks the resolver itself. */
function pinnedLookup(vetted: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [vetted]);
    else callback(null, vetted.address, vetted.family);
  };
}

function send(
  url: URL,
  address: ResolvedAddress,
  request: OutboundRequest,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const options: RequestOptions = {
    method: request.method,
    hostname: unbracket(url.hostname),
    port: url.port || OUTBOUND_PROTOCOLS[url.protocol],
    path: `${url.pathname}${url.search}`,
    headers: request.headers,
    // a pooled socket could have been opened for another host; each hop gets its own
    agent: false,
    lookup: pinnedLookup(address),
    signal,
  };
  return new Promise((resolve, reject) => {
    const req = REQUESTS[url.protocol]!(options, resolve);
    req.once('error', () => reject(new OutboundError(signal.aborted ? 'timeout' : 'unreachable')));
    req.end(request.body);
  });
}

function answerOf(response: IncomingMessage, signal: AbortSignal): OutboundAnswer {
  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    read: (maxBytes) => readCapped(response, maxBytes, signal),
    discard: () => response.destroy(),
  };
}

/** Reads the body chunk by chunk so a server that lies about (or omits) its length cannot exhaust memory. */
async function readCapped(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<string> {
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) {
    response.destroy();
    throw new OutboundError('too_large');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        response.destroy();
        throw new OutboundError('too_large');
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof OutboundError) throw error;
    throw new OutboundError(signal.aborted ? 'timeout' : 'unreachable');
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
