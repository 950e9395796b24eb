import { CODE } from '../contracts/errors.js';
import { isSystemLabel } from '../gmail/system-labels.js';
import { AppError } from './errors.js';

/** 422 LABEL_NOT_ALLOWED for a Gmail system label (INBOX, SENT, CATEGORY_*, …), naming the field. */
export function refuseSystemLabel(label: string | null | undefined, field = 'json.reservationLabel'): void {
  if (label && isSystemLabel(label))
    throw new AppError(CODE.LABEL_NOT_ALLOWED, `"${label}" is a Gmail system label`, [
      { path: field, message: 'a Gmail system label cannot be a reservation label' },
    ]);
}
