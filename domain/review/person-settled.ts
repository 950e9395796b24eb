/**
 * SQL: the fact `factTable` names has a review item a person closed, by resolving it to a booking
 * or dismissing it. The person's choice is final: no re-extraction, re-match or feed import may
 * reopen that fact or move it to another booking. Items the matcher closed itself (`by: matcher`)
 * are not a person's choice.
 */
export const settledByPerson = (factTable: string): string =>
  `EXISTS (SELECT 1 FROM enrichment_review_items settled WHERE settled.fact_id = ${factTable}.id
    AND (settled.status = 'dismissed'
      OR (settled.status = 'resolved' AND settled.resolution->>'by' IS DISTINCT FROM 'matcher')))`;
