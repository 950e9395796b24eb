import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RELAYS } from '../../../extraction/relays.js';
import { senderDomainLabel, unrecognizedMailMetrics } from '../../../metrics/unrecognized-mail.js';
import { parsePrometheusText, sampleSum } from '../../../testing/prometheus-text.js';

describe('connections_unrecognized_messages_total: its sender label is bounded', () => {
  it('names the known systems that sent the mail, whatever subdomain they write from', () => {
    expect(senderDomainLabel('service@smoobu.com')).toBe('smoobu');
    expect(senderDomainLabel('no-reply@messaging.lodgify.com')).toBe('lodgify');
    expect(senderDomainLabel('automated@airbnb.com')).toBe('airbnb');
    expect(senderDomainLabel('noreply@booking.com')).toBe('booking');
    expect(senderDomainLabel('express@homeaway.com')).toBe('vrbo');
    expect(senderDomainLabel('reservations@expediapartnercentral.com')).toBe('expedia');
    expect(senderDomainLabel('no-reply@agoda.com')).toBe('agoda');
  });

  it('every relay of extraction/relays.ts is named by its own mail’s sender (its fixtures)', () => {
    const dir = new URL('../../../testing/mail-fixtures/', import.meta.url);
    const fixtures = readdirSync(dir).filter((f) => f.startsWith('relay-'));
    const named = new Set<string>();
    for (const file of fixtures) {
      const from = /^From:.*<([^>]+)>/im.exec(readFileSync(new URL(file, dir), 'utf8'))?.[1] ?? '';
      const relay = file.split('-')[1]!;
      expect(senderDomainLabel(from.toLowerCase()), file).toBe(relay);
      named.add(relay);
    }
    // each fixture names a row of the table, and most rows have one
    expect([...named].filter((name) => !RELAYS.some((r) => r.name === name))).toEqual([]);
    expect(named.size).toBeGreaterThan(20);
  });

  it('is `other` for everyone else: a stranger’s domain is never a label value', () => {
    expect(senderDomainLabel('bookings@small-inn-software.example')).toBe('other');
    expect(senderDomainLabel('host@gmail.com')).toBe('other');
    expect(senderDomainLabel('not an address')).toBe('other');
    expect(senderDomainLabel('')).toBe('other');
    expect(senderDomainLabel(null)).toBe('other');
    // look-alikes of known systems
    expect(senderDomainLabel('service@smoobu.com.attacker.example')).toBe('other');
    expect(senderDomainLabel('service@notsmoobu.com')).toBe('other');
  });

  it('a thousand random sender domains make one series, not a thousand', async () => {
    const registry = new Registry();
    const metrics = unrecognizedMailMetrics(registry);
    const senders = Array.from({ length: 1000 }, () => `x@${randomBytes(6).toString('hex')}.example`);
    metrics.count([...senders, 'service@smoobu.com', 'service@smoobu.com', null]);
    const samples = parsePrometheusText(await registry.metrics()).filter(
      (s) => s.name === 'connections_unrecognized_messages_total',
    );
    expect(samples.map((s) => s.labels.sender_domain).sort()).toEqual(['other', 'smoobu']);
    expect(sampleSum(samples, 'connections_unrecognized_messages_total', { sender_domain: 'other' })).toBe(
      1001,
    );
    expect(sampleSum(samples, 'connections_unrecognized_messages_total', { sender_domain: 'smoobu' })).toBe(
      2,
    );
  });
});
