import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../contracts/platforms.js';
import { channelNamedIn } from '../../../extraction/channels.js';
import { RELAYS, relayNamedIn, relayOf } from '../../../extraction/relays.js';

const FIXTURES = readdirSync(new URL('../../../testing/mail-fixtures/', import.meta.url));

describe('the relay table', () => {
  it('has one row per relay name', () => {
    expect(new Set(RELAYS.map((r) => r.name)).size).toBe(RELAYS.length);
  });

  for (const relay of RELAYS) {
    it(`${relay.name}: has a fixture`, () => {
      const fixtures = FIXTURES.filter(
        (f) => f.startsWith(`relay-${relay.name}-`) || f.startsWith(`${relay.name}-`),
      );
      expect(fixtures.length, `testing/mail-fixtures/relay-${relay.name}-*.eml`).toBeGreaterThan(0);
    });
  }

  it('knows a relay by its sender, subdomains included, and not by a look-alike domain', () => {
    expect(relayOf({ from: 'service@smoobu.com' })?.name).toBe('smoobu');
    expect(relayOf({ from: 'noreply@smtp.octorate.com' })?.name).toBe('octorate');
    expect(relayOf({ from: 'phish@smoobu.com.evil.example' })).toBeNull();
    expect(relayOf({ from: 'automated@airbnb.com' })).toBeNull();
  });

  it('knows a forwarded relay mail by the one system its body names, and none when it names two', () => {
    expect(relayNamedIn({ subject: 'Fwd: booking', text: 'Log in to Lodgify to see it' })?.name).toBe(
      'lodgify',
    );
    expect(relayNamedIn({ subject: '', text: 'Smoobu and Beds24 both sync your calendar' })).toBeNull();
  });
});

describe('channel names', () => {
  for (const [text, channel] of [
    ['Booking.com', 'booking'],
    ['44813 -> Booking', 'booking'],
    ['BDC', 'booking'],
    ['Airbnb (API)', 'airbnb'],
    ['HomeAway', 'vrbo'],
    ['Abritel', 'vrbo'],
    ['FeWo-direkt', 'vrbo'],
    ['Hotels.com', 'expedia'],
    ['Expedia', 'expedia'],
    ['Agoda', 'agoda'],
    ['Booking engine', 'direct'],
    ['Direktbuchung', 'direct'],
    ['Diretta', 'direct'],
    ['Website', 'direct'],
    ['HomeExchange', 'exchange'],
  ] as const) {
    it(`"${text}" names ${channel}`, () => {
      expect(channelNamedIn(text)?.channel).toBe(channel);
    });
  }

  it('names no channel in text that names none', () => {
    expect(channelNamedIn('Sea View Loft')).toBeNull();
    expect(channelNamedIn('')).toBeNull();
  });

  it('names only channels of the contracts', () => {
    for (const text of ['Airbnb', 'Vrbo', 'Booking.com', 'Expedia', 'Agoda', 'Direct']) {
      expect(CHANNELS).toContain(channelNamedIn(text)?.channel);
    }
  });
});
