export type ReviewItemErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'ALREADY_RESOLVED';

/** Why a review item could not be resolved or dismissed; the API maps `code` to 404 / 403 / 409. */
export class ReviewItemError extends Error {
  override readonly name = 'ReviewItemError';
  constructor(
    readonly code: ReviewItemErrorCode,
    message: string,
  ) {
    super(message);
  }
}
