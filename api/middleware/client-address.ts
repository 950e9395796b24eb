import ipaddr from 'ipaddr.js';

/** `TRUSTED_PROXIES`, parsed: the addresses and ranges whose X-Forwarded-For entries are believed. */
export type TrustedProxies = readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

/**
 * Parses `TRUSTED_PROXIES` (`10.0.0.0/8, 127.0.0.1, fd00::/8`): each entry an address or a CIDR
 * range. Throws naming the first entry that is neither, so a typo stops the process at start-up
 * instead of silently trusting nobody (or everybody).
 */
export function parseTrustedProxies(raw: string): TrustedProxies {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      try {
        if (entry.includes('/')) return ipaddr.parseCIDR(entry);
        const address = ipaddr.parse(entry);
        return [address, address.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
      } catch {
        throw new Error(`not an address or a CIDR range: ${entry}`);
      }
    });
}

/** The address in its plain form (`::ffff:10.0.0.1` → `10.0.0.1`), or null when it is none. */
function normalised(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare)) return null;
  const parsed = ipaddr.parse(bare);
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address()
    : parsed;
}

function isTrusted(address: ipaddr.IPv4 | ipaddr.IPv6, proxies: TrustedProxies): boolean {
  return proxies.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}

/**
 * Who a request comes from. The socket's peer, unless the peer is a trusted proxy: then the
 * X-Forwarded-For chain is read from the right (each proxy appends the address it was reached
 * from), skipping trusted proxies, and the first address that is not one is the client. Anything a
 * client wrote to the left of that is ignored, so it cannot choose its own key; a chain with no
 * usable entry leaves the peer.
 */
export function clientAddress(
  peer: string,
  forwardedFor: string | undefined,
  proxies: TrustedProxies,
): string {
  const from = normalised(peer);
  if (!from) return peer;
  if (!forwardedFor || !isTrusted(from, proxies)) return from.toString();
  const chain = forwardedFor.split(',').map(normalised);
  let client = from;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i];
    if (!hop) break;
    client = hop;
    if (!isTrusted(hop, proxies)) break;
  }
  return client.toString();
}
