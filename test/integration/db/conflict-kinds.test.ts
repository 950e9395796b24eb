import { describe, expect, it } from 'vitest';
import {
  CONFLICT_KINDS,
  CONFLICT_RESOLUTIONS,
  CONFLICT_STATUSES,
  LISTING_NAME_SOURCES,
} from '../../../contracts/conflicts.js';
import { allowedValues } from '../../support/check-constraint.js';
import { useTestDatabase } from '../../support/stack.js';

// SQL cannot import contracts/conflicts.ts: the CHECK constraints of migration 016 are read back from
// the migrated database and must allow exactly the arrays' values.

let url = '';
useTestDatabase((db) => {
  url = db.url;
});

describe('the vocabulary of conflicts', () => {
  it('the database allows exactly the kinds, statuses and resolutions of contracts/conflicts.ts', async () => {
    expect((await allowedValues(url, 'conflicts', 'kind')).sort()).toEqual([...CONFLICT_KINDS].sort());
    expect((await allowedValues(url, 'conflicts', 'status')).sort()).toEqual([...CONFLICT_STATUSES].sort());
    expect((await allowedValues(url, 'conflicts', 'resolution')).sort()).toEqual(
      [...CONFLICT_RESOLUTIONS].sort(),
    );
    expect((await allowedValues(url, 'listing_names', 'source')).sort()).toEqual(
      [...LISTING_NAME_SOURCES].sort(),
    );
  });
});
