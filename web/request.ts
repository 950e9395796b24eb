import type { Context } from 'hono';
import { AppError } from '../api/errors.js';
import type { WebEnv } from './context.js';
import type { Caller } from './workspace-api.js';

/** The in-process API call is made for the session's workspace, with this request's id and logger. */
export function callerOf(c: Context<WebEnv>): Caller {
  return { workspaceId: c.get('workspaceId'), requestId: c.get('requestId'), log: c.get('log') };
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

/** A number field as the API expects it; anything else is passed on for the API to name the field. */
export const numberField = (raw: string | undefined): number | string | undefined =>
  raw === undefined || raw === '' ? undefined : Number.isFinite(Number(raw)) ? Number(raw) : raw;

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
