import { z } from '@hono/zod-openapi';
import { ERROR_CODES, ERRORS, type ErrorStatus } from '../contracts/errors.js';
import { FACT_PLATFORMS, PLATFORMS } from '../contracts/platforms.js';

/** Zod schemas shared by several resources. Request schemas validate; response schemas document. */

/** A connection's or a feed's platform: what a host connects (contracts/platforms.ts). */
export const Platform = z.enum(PLATFORMS).openapi('Platform');
/** The channel a fact names (`pms` in facts stored before channels): who sold the stay. */
export const FactPlatform = z.enum(FACT_PLATFORMS).openapi('FactPlatform', {
  description: 'the channel that sold the stay; `pms` only in facts read before channels were named',
});
export const Timestamp = z.iso.datetime({ offset: true }).openapi({ example: '2025-06-01T10:00:00.000Z' });
export const IsoDate = z.iso.date().openapi({ example: '2025-07-14' });

/**
 * Free text a person typed: trimmed, no control characters (Postgres text cannot hold NUL) and no
 * lone surrogate halves (not UTF-8, so not storable either).
 */
export const PlainText = z
  .string()
  .trim()
  .refine((text) => !hasControlCharacter(text), 'must not contain control characters')
  .refine((text) => !LONE_SURROGATE.test(text), 'must be well-formed Unicode');

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

// with the u flag a surrogate pair is one code point: only an unpaired half matches
const LONE_SURROGATE = /[\ud800-\udfff]/u;

// what String.prototype.trim removes, besides the control characters already refused
const TRIMMED = ' \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
// lone surrogates are refused too, but a surrogate range is a pattern schemathesis cannot compile;
// JSON text from a conforming client has none anyway
const ALLOWED = '[^\\u0000-\\u001f\\u007f]';
const VISIBLE = `[^\\u0000-\\u001f\\u007f${TRIMMED}]`;
// tab and line breaks are refused inside the text, but trimmed away around it
const AROUND = `[\\t\\n\\u000b\\f\\r${TRIMMED}]`;
/** PlainText that is not blank, as a JSON Schema pattern (code points, as schemathesis reads it). */
export const VISIBLE_TEXT_PATTERN = `^${AROUND}*${ALLOWED}*${VISIBLE}${ALLOWED}*${AROUND}*$`;

/**
 * Required PlainText of at most `max` characters, counted in code points like JSON Schema's
 * `maxLength`, so the document's pattern and lengths say exactly what is accepted.
 */
export const visibleText = (max: number) =>
  PlainText.refine((text) => text.length > 0, 'must not be blank')
    .refine((text) => [...text].length <= max, `must be at most ${max} characters`)
    .openapi({ minLength: 1, maxLength: max, pattern: VISIBLE_TEXT_PATTERN });

/**
 * An id, in the one spelling this API writes ids in: a UUID in lower case. Postgres reads any
 * 8-4-4-4-12 hex string, in either case, as the same uuid, but a rate window's key, a workflow id
 * or a path built from the text would not be the same: so another spelling is refused (400
 * VALIDATION_FAILED naming the field), before any query, key or path is built from it.
 */
export const Uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a UUID in lower case')
  .openapi({ format: 'uuid' });

// after the scheme: `://`, a host name or bracketed IPv6 address, an optional port, printable ASCII
const URL_AFTER_SCHEME = '://(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?(?:[/?#][!-~]*)?\\s*$';

/**
 * A URL a workspace gives us to fetch or to post to: one of `schemes` (a pattern), then a host,
 * an optional port and printable ASCII, at most 2048 characters; blanks around it are trimmed and
 * `rewrite` may respell it, and what comes out must be an http(s) URL. The pattern is stated in
 * the OpenAPI document, so generated requests get past validation.
 */
export function webUrl(field: { schemes: string; example: string; rewrite?: (trimmed: string) => string }) {
  const pattern = `^\\s*${field.schemes}${URL_AFTER_SCHEME}`;
  const rewrite = field.rewrite ?? ((url) => url);
  return z
    .string()
    .max(2048)
    .regex(new RegExp(pattern))
    .transform((url) => rewrite(url.trim()))
    .pipe(z.url({ protocol: /^https?$/ }))
    .openapi({ type: 'string', pattern, maxLength: 2048, example: field.example });
}

export const IdParams = z.object({
  id: Uuid.openapi({ param: { name: 'id', in: 'path' }, example: '7d0f7a5e-3c51-4d6e-9b0b-2f1f3c9b8a11' }),
});

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');
export type ErrorResponse = z.infer<typeof ErrorResponse>;

const STATUS_TEXT: Record<ErrorStatus, string> = {
  400: 'Invalid input (VALIDATION_FAILED: details lists each failing field)',
  401: 'Missing or unknown token',
  403: 'The resource belongs to another workspace',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict with the current state',
  413: 'The body is too large',
  415: 'The body must be application/json',
  422: 'Gmail does not have what the connection needs',
  429: 'Slow down',
  500: 'Internal error',
  502: 'An upstream service did not answer as expected',
  503: 'The workflow service did not answer in time',
};

/** Each status lists the registry's codes that answer with it, so the document cannot drift. */
const errorResponse = (status: ErrorStatus) => ({
  description: `${STATUS_TEXT[status]}: ${ERROR_CODES.filter((code) => ERRORS[code].status === status).join(', ')}`,
  content: { 'application/json': { schema: ErrorResponse } },
});

/** Error responses of a route: every route may answer 400 and 500; add what else it can. */
export function errorResponses<S extends ErrorStatus>(
  ...statuses: S[]
): Record<S | 400 | 500, ReturnType<typeof errorResponse>> {
  const all = [400, 500, ...statuses] as (S | 400 | 500)[];
  return Object.fromEntries(all.map((s) => [s, errorResponse(s)])) as Record<
    S | 400 | 500,
    ReturnType<typeof errorResponse>
  >;
}

/** The statuses of a route that takes an `:id` of a workspace-owned resource (401 comes with workspace auth). */
export const OWNED_RESOURCE_ERRORS = [403, 404] as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

type Operation = `${'get' | 'post' | 'patch' | 'delete'} /api/${string}{id}${string}`;

/**
 * OpenAPI links from a response that creates a resource to the operations taking its `id`, so a
 * client (and the conformance fuzzer) can follow one to the other instead of guessing ids.
 */
export function idLinks(operations: Record<string, Operation>) {
  const pointer = (path: string) => path.replaceAll('~', '~0').replaceAll('/', '~1');
  return Object.fromEntries(
    Object.entries(operations).map(([name, op]) => {
      const [method, path] = op.split(' ') as [string, string];
      return [
        name,
        { operationRef: `#/paths/${pointer(path)}/${method}`, parameters: { id: '$response.body#/id' } },
      ];
    }),
  );
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const BEARER = [{ bearerAuth: [] }];

/**
 * Keyset pagination: `?limit&cursor`. The cursor is the last row's id, opaque to clients; queries
 * resume after that row's sort key, so a crafted cursor can only select nothing, never fail.
 */
export const encodeCursor = (id: string): string => Buffer.from(id).toString('base64url');

/** A cursor over rows whose id `isId` accepts: anything else is a 400, never a query. */
const cursorOf = (isId: (id: string) => boolean) =>
  z
    .string()
    .max(100)
    .transform((raw, ctx) => {
      const id = Buffer.from(raw, 'base64url').toString('utf8');
      if (isId(id)) return id;
      ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' });
      return z.NEVER;
    })
    .openapi({ type: 'string', description: 'nextCursor of the previous page' });

export const Cursor = cursorOf((id) => Uuid.safeParse(id).success);

/**
 * A cursor over a bigint-keyed table (the archive, the activity log): at most 18 digits always fits
 * int8, so a crafted cursor is a 400 here instead of an out-of-range error in Postgres.
 */
export const BigintCursor = cursorOf((id) => /^[1-9][0-9]{0,17}$/.test(id));

export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ type: 'integer', minimum: 1, maximum: 200, default: 50 }),
  cursor: Cursor.optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** One page from a query that fetched `limit + 1` rows, with the cursor of the next if there is one. */
export function toPage<Row extends { id: string }, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { items: kept.map(toItem), nextCursor: more && last ? encodeCursor(last.id) : null };
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
