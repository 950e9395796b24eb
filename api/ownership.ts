import { CODE } from '../contracts/errors.js';
import { AppError } from './errors.js';

/** The one tenancy rule for rows fetched by id: 404 when absent, 403 when another workspace owns it. */
export function owned<Row extends { workspace_id: string }>(
  row: Row | undefined,
  workspaceId: string,
  what: string,
): Row {
  if (!row) throw new AppError(CODE.NOT_FOUND, `${what} not found`);
  if (row.workspace_id !== workspaceId)
    throw new AppError(CODE.FORBIDDEN, `${what} belongs to another workspace`);
  return row;
}
