import type { OutboundLookup } from '../../outbound/outbound-request.js';

/**
 * A DNS-rebinding resolver: the first answer (what the address check sees) is loopback, every
 * later one (what a second lookup at connect time would see) public. `asked` lists the names it
 * was asked for, so a test can assert it was asked once.
 */
export function rebindingResolver(): { lookup: OutboundLookup; asked: string[] } {
  const asked: string[] = [];
  const lookup: OutboundLookup = async (hostname) => {
    asked.push(hostname);
    return asked.length === 1
      ? [{ address: '127.0.0.1', family: 4 }]
      : [{ address: '93.184.216.34', family: 4 }];
  };
  return { lookup, asked };
}
