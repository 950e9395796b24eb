import { describe, expect, it } from 'vitest';
import { gmailQuotaPolicy, loadEnv } from '../../../config/env.js';
import { bucketShape } from '../../../gmail/quota.js';
import { GMAIL_METHODS, parseQuotaCosts, QUOTA_TABLES } from '../../../gmail/quota-table.js';

const policyOf = (env: NodeJS.ProcessEnv) => gmailQuotaPolicy(loadEnv(env));

describe('the published Gmail quota tables', () => {
  it('prices every method we call in both tables', () => {
    for (const table of Object.values(QUOTA_TABLES)) {
      expect(Object.keys(table.costs).sort()).toEqual([...GMAIL_METHODS].sort());
      for (const cost of Object.values(table.costs)) expect(cost).toBeGreaterThan(0);
    }
  });

  it('has the 2026 table: 6,000 units per user and minute, messages.get at 20', () => {
    expect(QUOTA_TABLES['2026']).toMatchObject({
      userUnitsPerMinute: 6_000,
      projectUnitsPerMinute: 1_200_000,
      costs: { 'messages.get': 20, 'messages.list': 5, 'history.list': 2, getProfile: 1 },
    });
  });

  it('keeps the 2025 table: 15,000 units per user and minute, messages.get at 5', () => {
    expect(QUOTA_TABLES['2025']).toMatchObject({
      userUnitsPerMinute: 15_000,
      projectUnitsPerMinute: 1_200_000,
      costs: { 'messages.get': 5, 'messages.list': 5, 'history.list': 2, getProfile: 1 },
    });
  });
});

describe('GMAIL_QUOTA_* configuration', () => {
  it('defaults to the 2026 table and its per-user budget', () => {
    expect(policyOf({})).toEqual({ unitsPerMinute: 6_000, costs: QUOTA_TABLES['2026'].costs });
  });

  it('takes the 2025 table, budget and costs, when asked', () => {
    expect(policyOf({ GMAIL_QUOTA_TABLE: '2025' })).toEqual({
      unitsPerMinute: 15_000,
      costs: QUOTA_TABLES['2025'].costs,
    });
  });

  it('refuses a table that does not exist, naming the variable', () => {
    expect(() => loadEnv({ GMAIL_QUOTA_TABLE: '2024' })).toThrow(/GMAIL_QUOTA_TABLE/);
  });

  it('overrides the budget; 0 turns the limiter off', () => {
    expect(policyOf({ GMAIL_QUOTA_UNITS_PER_MINUTE: '3000' }).unitsPerMinute).toBe(3_000);
    expect(policyOf({ GMAIL_QUOTA_UNITS_PER_MINUTE: '0' }).unitsPerMinute).toBe(0);
  });

  it('still reads the deprecated GMAIL_QUOTA_UNITS_PER_SECOND as ×60, the per-minute one winning', () => {
    expect(policyOf({ GMAIL_QUOTA_UNITS_PER_SECOND: '100' }).unitsPerMinute).toBe(6_000);
    expect(policyOf({ GMAIL_QUOTA_UNITS_PER_SECOND: '0' }).unitsPerMinute).toBe(0);
    expect(
      policyOf({ GMAIL_QUOTA_UNITS_PER_SECOND: '100', GMAIL_QUOTA_UNITS_PER_MINUTE: '1200' }).unitsPerMinute,
    ).toBe(1_200);
  });

  it('refuses a budget below the dearest call, naming the variable', () => {
    expect(() => loadEnv({ GMAIL_QUOTA_UNITS_PER_MINUTE: '20' })).toThrow(
      /GMAIL_QUOTA_UNITS_PER_MINUTE: must be 0/,
    );
    expect(() => loadEnv({ GMAIL_QUOTA_UNITS_PER_SECOND: '0.1' })).toThrow(
      /GMAIL_QUOTA_UNITS_PER_SECOND: must be 0/,
    );
    expect(() => loadEnv({ GMAIL_QUOTA_UNITS_PER_MINUTE: '-1' })).toThrow(/GMAIL_QUOTA_UNITS_PER_MINUTE/);
  });

  it('overrides single costs from GMAIL_QUOTA_COSTS, keeping the table for the rest', () => {
    const policy = policyOf({ GMAIL_QUOTA_COSTS: '{"messages.get": 10, "getProfile": 2}' });
    expect(policy.costs).toEqual({ ...QUOTA_TABLES['2026'].costs, 'messages.get': 10, getProfile: 2 });
    expect(policyOf({ GMAIL_QUOTA_COSTS: '' }).costs).toEqual(QUOTA_TABLES['2026'].costs);
  });

  it.each([
    ['{"threads.get": 40}', /GMAIL_QUOTA_COSTS: unknown method "threads.get"/],
    ['{"messages.get": 0}', /GMAIL_QUOTA_COSTS: cost of "messages.get" must be a positive number/],
    ['{"messages.get": -5}', /GMAIL_QUOTA_COSTS: cost of "messages.get" must be a positive number/],
    ['{"messages.get": "20"}', /GMAIL_QUOTA_COSTS: cost of "messages.get" must be a positive number/],
    ['[20]', /GMAIL_QUOTA_COSTS: expected a JSON object/],
    ['messages.get=20', /GMAIL_QUOTA_COSTS: not JSON/],
  ])('refuses GMAIL_QUOTA_COSTS=%s with an error naming the field', (raw, error) => {
    expect(() => loadEnv({ GMAIL_QUOTA_COSTS: raw })).toThrow(error);
  });

  it('parses the costs on their own', () => {
    expect(parseQuotaCosts('{}')).toEqual({ costs: {} });
    expect(parseQuotaCosts('{"history.list": 3}')).toEqual({ costs: { 'history.list': 3 } });
  });
});

describe('the bucket a budget gives', () => {
  it.each([6_000, 15_000, 1_200, 600, 101])(
    'never grants more than %i units in any 60 s window',
    (budget) => {
      const shape = bucketShape({ unitsPerMinute: budget, costs: QUOTA_TABLES['2026'].costs });
      expect(shape.burst).toBeGreaterThanOrEqual(20);
      expect(shape.ratePerSecond).toBeGreaterThan(0);
      expect(shape.burst + shape.ratePerSecond * (60 + shape.leaseSeconds)).toBeLessThanOrEqual(
        budget + 1e-9,
      );
    },
  );

  it('at the 2026 table: a burst of one second (100 units), then ~97 units a second', () => {
    const shape = bucketShape({ unitsPerMinute: 6_000, costs: QUOTA_TABLES['2026'].costs });
    expect(shape.burst).toBe(100);
    expect(shape.ratePerSecond).toBeCloseTo(5_900 / 61, 6);
  });
});
