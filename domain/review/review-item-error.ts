import { CODE, codesOf } from '../../contracts/errors.js';
import { CodedError } from '../coded-error.js';

export const REVIEW_ITEM_ERRORS = codesOf(CODE.NOT_FOUND, CODE.FORBIDDEN, CODE.ALREADY_RESOLVED);
export type ReviewItemErrorCode = (typeof REVIEW_ITEM_ERRORS)[number];

/** Why a review item could not be resolved or dismissed; the API answers with the same code. */
export class ReviewItemError extends CodedError<ReviewItemErrorCode> {
  override readonly name = 'ReviewItemError';
}
