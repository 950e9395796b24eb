import ipaddr from 'ipaddr.js';

/**
 * Which hosts anything that leaves the machine may reach (an iCal feed, a webhook endpoint): the
 * rule the API applies when a URL is registered (to literal addresses) and `outbound-request.ts`
 * applies to every address it resolves, on every hop, before it connects.
 *
 * Only public unicast passes. ipaddr.js names every other range (loopback, private, link-local,
 * CGNAT, multicast, broadcast, unspecified, reserved, ULA, v4-mapped, NAT64, 6to4, Teredo …), so a
 * range nobody listed here is refused rather than let through. IPv6 must also sit in 2000::/3,
 * global unicast: that excludes the deprecated v4-compatible `::a.b.c.d`, which ipaddr.js calls
 * unicast.
 */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

export function isPublicAddress(address: string): boolean {
  const bare = unbracket(address);
  if (!ipaddr.isValid(bare)) return false;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST_V6)) return false;
  return parsed.range() === 'unicast';
}

/**
 * The schemes a request may use, with their default ports; a feed's `webcal://` is rewritten to
 * https by the API before it gets here.
 */
export const OUTBOUND_PROTOCOLS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/**
 * `host:port` as the WHATWG URL parser normalises it (`0x7f.0.0.1` → `127.0.0.1`, `[::ffff:127.0.0.1]`
 * → `[::ffff:7f00:1]`, case and a trailing dot dropped), so an allow-list entry and a URL that
 * name the same server give the same key, however either was spelled.
 */
export function hostKey(url: URL): string {
  const port = url.port || OUTBOUND_PROTOCOLS[url.protocol] || '';
  return `${url.hostname.replace(/\.$/, '')}:${port}`;
}

/**
 * Parses `OUTBOUND_ALLOW_PRIVATE_HOSTS` (or its alias `FEED_ALLOW_PRIVATE_HOSTS`: `host:port,…`)
 * into keys comparable with `hostKey`; `invalid` names the first entry that is not a plain
 * `host:port`.
 */
export function allowListOf(raw: string): { hosts: string[] } | { invalid: string } {
  const hosts: string[] = [];
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const url = parseUrl(`http://${entry}`);
    const plain = url && /:\d+$/.test(entry) && url.pathname === '/' && !url.username && !url.search;
    if (!url || !plain) return { invalid: entry };
    hosts.push(hostKey(url));
  }
  return { hosts };
}

export function isAllowedPrivateHost(url: URL, allowPrivateHosts: readonly string[]): boolean {
  return allowPrivateHosts.includes(hostKey(url));
}

/** Names that resolve to loopback by definition (RFC 6761), refused without asking a resolver. */
const LOOPBACK_NAME = /^(?:.+\.)?localhost$/;

/**
 * Whether a URL names an internal host in its own text (a literal address in any spelling, or
 * `localhost`), which the API can refuse at registration without resolving anything. Names that
 * resolve to internal addresses are caught when the request is made.
 */
export function namesInternalHost(url: URL, allowPrivateHosts: readonly string[]): boolean {
  if (isAllowedPrivateHost(url, allowPrivateHosts)) return false;
  const host = url.hostname.replace(/\.$/, '');
  if (LOOPBACK_NAME.test(host)) return true;
  return isIpLiteral(host) && !isPublicAddress(host);
}

export function isIpLiteral(hostname: string): boolean {
  const bare = unbracket(hostname);
  // the URL parser has already turned every IPv4 spelling into dotted decimal
  return bare.includes(':') ? ipaddr.IPv6.isValid(bare) : ipaddr.IPv4.isValidFourPartDecimal(bare);
}

export function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

export function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * Where requests may go (`OUTBOUND_ALLOW_PRIVATE_HOSTS`, `OUTBOUND_ONLY_ALLOWED_HOSTS`): the
 * internal `host:port`s that are allowed, and whether every other host is refused before it is
 * even looked up (tests and the conformance run, whose invented URLs must never leave the machine).
 */
export interface OutboundPolicy {
  allowPrivateHosts: readonly string[];
  onlyAllowedHosts: boolean;
}
