import { describe, expect, it } from 'vitest';
import { REVIEW_REASONS } from '../../../contracts/review-reasons.js';
import { allowedValues as allowedValuesIn } from '../../support/check-constraint.js';
import { useTestDatabase } from '../../support/stack.js';

// SQL cannot import REVIEW_REASONS: the CHECK constraint on enrichment_review_items.reason is read
// back from the migrated database and must allow exactly the array's values.

let url = '';
useTestDatabase((db) => {
  url = db.url;
});

const allowedValues = (table: string, column: string) => allowedValuesIn(url, table, column);

describe('review reasons', () => {
  it('the database allows exactly the reasons of contracts/review-reasons.ts', async () => {
    expect((await allowedValues('enrichment_review_items', 'reason')).sort()).toEqual(
      [...REVIEW_REASONS].sort(),
    );
  });

  it('reads a constraint as written: the status column is not the reason column', async () => {
    expect((await allowedValues('enrichment_review_items', 'status')).sort()).toEqual([
      'dismissed',
      'open',
      'resolved',
    ]);
  });
});
