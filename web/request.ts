import type { Context } from 'hono';
import { AppError } from '../api/errors.js';
import { Uuid } from '../api/schemas.js';
import { CODE } from '../contracts/errors.js';

/**
 * The `:id` of a page's path, checked before any API path is built from it: the typed client puts
 * it into the path as it is, so a `..` or a `/` (sent as `%2F`) must never get that far. Refused as
 * the API refuses a bad id: 400 VALIDATION_FAILED naming `param.id`.
 */
export function idParam(c: Context): string {
  const id = Uuid.safeParse(c.req.param('id'));
  if (id.success) return id.data;
  const message = id.error.issues[0]?.message ?? 'must be a UUID in lower case';
  throw new AppError(CODE.VALIDATION_FAILED, 'invalid param', [{ path: 'param.id', message }]);
}

/**
 * An id a form sent (a select's value), checked like a path's `:id` before any API path is built
 * from it; refused as 400 naming the field.
 */
export function formId(raw: string | undefined, field: string): string {
  const id = Uuid.safeParse(raw ?? '');
  if (id.success) return id.data;
  throw new AppError(CODE.VALIDATION_FAILED, 'invalid form', [
    { path: `form.${field}`, message: 'must be a UUID in lower case' },
  ]);
}

/** htmx asked for a fragment (the page stays); otherwise the browser posted a plain form. */
export const isPartial = (c: Context) => c.req.header('HX-Request') === 'true';

/** A posted form's text fields (files are not something any of our forms take). */
export async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v.trim()]] : [])),
  );
}

/**
 * A number field as the API expects it; left empty, it is not sent. Text that is no number goes
 * as NaN, which JSON sends as null: the API refuses it, naming the field.
 */
export const numberField = (raw: string | undefined): number | undefined =>
  raw === undefined || raw === '' ? undefined : Number(raw);

/**
 * A form's text as the API's body field it fills (a platform, a label, a URL), sent as the person
 * gave it, absent if it was: the API's validator, not the page, refuses a bad or missing value and
 * names the field, so the page keeps no second copy of the API's rules. The one place form text is
 * typed as what the API takes; the field's name is still checked against the route's body.
 */
export const formValue = <T extends string = string>(raw: string | undefined) => raw as T;

/** An API refusal in words a person can act on: the message and each failing field. */
export function refusalText(err: AppError): string {
  const fields = Array.isArray(err.details)
    ? (err.details as { path?: string; message?: string }[])
        .map((d) => `${(d.path ?? '').split('.').at(-1)}: ${d.message ?? ''}`)
        .join('; ')
    : '';
  return fields ? `${err.message} (${fields})` : err.message;
}

/** Runs an action; an AppError it throws comes back as a value for the page to show. */
export async function attempt<T>(action: () => Promise<T>): Promise<{ ok: T } | { refused: AppError }> {
  try {
    return { ok: await action() };
  } catch (err) {
    if (err instanceof AppError) return { refused: err };
    throw err;
  }
}
