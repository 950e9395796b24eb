import { describe, expect, it } from 'vitest';
import { FACT_PLATFORMS } from '../../../contracts/platforms.js';
import { READ_BY } from '../../../domain/facts/read-by.js';
import { allowedValues } from '../../support/check-constraint.js';
import { useTestDatabase } from '../../support/stack.js';

// SQL cannot import the TypeScript lists (migration 013): each CHECK is read back from the migrated
// database and must allow exactly the list's values.

let url = '';
useTestDatabase((db) => {
  url = db.url;
});

describe('reservation_facts constraints', () => {
  it('platform allows exactly FACT_PLATFORMS: every channel, and pms for older facts', async () => {
    expect((await allowedValues(url, 'reservation_facts', 'platform')).sort()).toEqual(
      [...FACT_PLATFORMS].sort(),
    );
  });

  it('read_by allows exactly READ_BY', async () => {
    expect((await allowedValues(url, 'reservation_facts', 'read_by')).sort()).toEqual([...READ_BY].sort());
  });

  it('connections and feeds keep the connection platforms', async () => {
    for (const table of ['connections', 'ical_feeds', 'bookings'])
      expect((await allowedValues(url, table, 'platform')).sort(), table).toEqual([
        'airbnb',
        'booking',
        'pms',
        'vrbo',
      ]);
  });
});
