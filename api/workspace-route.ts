import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import type { ErrorStatus } from '../contracts/errors.js';
import { BEARER, errorResponses, IdParams, jsonBody, OWNED_RESOURCE_ERRORS } from './schemas.js';

type Method = 'get' | 'post' | 'patch' | 'delete';

/** A route's method and path in one string, as `idLinks` names an operation: `'post /api/properties'`. */
export type Operation = `${Method} /api/${string}`;

type Answers = RouteConfig['responses'];
type Query = NonNullable<NonNullable<RouteConfig['request']>['query']>;
/** The path parameters of an owned route: `{id}`, and any more its path names (a message of the connection). */
type OwnedParams = z.ZodObject<typeof IdParams.shape>;

/**
 * What a route states of its own; its kind adds the rest (the tag, the bearer token, the id
 * parameter, the errors every route of the kind can answer). `body` is the JSON body's schema,
 * `errors` the statuses it answers besides those, `responses` its success answers.
 */
interface Declaration {
  summary: string;
  description?: string;
  query?: Query;
  body?: z.ZodType;
  middleware?: RouteConfig['middleware'];
  errors?: readonly ErrorStatus[];
  responses: Answers;
}
interface OwnedDeclaration extends Declaration {
  params?: OwnedParams;
}

/** Every workspace route may answer 401 and 429 (failed auth slowed); 413 and 415 too when it takes a JSON body. */
const authErrors = (d: Declaration) => (d.body ? ([401, 413, 415, 429] as const) : ([401, 429] as const));
type AuthErrors = 401 | 413 | 415 | 429;
type OwnedErrors = AuthErrors | (typeof OWNED_RESOURCE_ERRORS)[number];

// The route's type is worked out from the declaration's (the typed client and c.req.valid read it),
// not from the generic object `build` assembles.
type ErrorsOf<D> = D extends { errors: readonly (infer E extends ErrorStatus)[] } ? E : never;
type BodyOf<D> = D extends { body: infer B extends z.ZodType }
  ? { body: ReturnType<typeof jsonBody<B>> }
  : unknown;
type ParamsOf<D> = D extends { params: infer P } ? P : typeof IdParams;
type Built<O, D extends Declaration, Request, Always extends ErrorStatus> = Pick<
  D,
  Extract<keyof D, 'summary' | 'description' | 'middleware'>
> & {
  method: O extends `${infer M extends Method} ${string}` ? M : never;
  path: O extends `${Method} ${infer P}` ? P : never;
  tags: string[];
  security: typeof BEARER;
  request: Pick<D, Extract<keyof D, 'query'>> & BodyOf<D> & Request;
  responses: D['responses'] & ReturnType<typeof errorResponses<ErrorsOf<D> | Always>>;
};
type Route<B> = B extends Omit<RouteConfig, 'path'> & { path: string }
  ? ReturnType<typeof createRoute<B['path'], B>>
  : never;

function build<B>(tag: string, op: Operation, d: OwnedDeclaration, always: readonly ErrorStatus[]): Route<B> {
  const [method, path] = op.split(' ') as [Method, string];
  const { summary, description, query, params, body, middleware, errors = [], responses } = d;
  // the document lists an operation's fields in the order they are given: summary first, as ever
  const route = createRoute({
    method,
    path,
    summary,
    ...(description === undefined ? {} : { description }),
    request: {
      ...(query && { query }),
      ...(params && { params }),
      ...(body && { body: jsonBody(body) }),
    },
    ...(middleware && { middleware }),
    tags: [tag],
    security: BEARER,
    responses: { ...errorResponses(...always, ...errors), ...responses },
  });
  return route as unknown as Route<B>;
}

/**
 * A route behind workspace auth: its resource's tag, the bearer token, and the errors every such
 * route can answer — 401, 429 (failed auth slowed), and 413 and 415 when it takes a JSON body
 * (the body limit; Hono refuses other media types).
 *
 * @example
 * const list = workspaceRoute('feeds', 'get /api/ical-feeds', {
 *   summary: "The workspace's feeds",
 *   responses: { 200: json(FeedList, 'All feeds, newest first') },
 * });
 */
export function workspaceRoute<const O extends Operation, const D extends Declaration>(
  tag: string,
  op: O,
  declaration: D,
) {
  return build<Built<O, D, unknown, AuthErrors>>(tag, op, declaration, authErrors(declaration));
}

/**
 * A workspace route on one resource the workspace owns, named by `{id}` in its path: the id
 * parameter (or `params`, `IdParams` extended), and 403 / 404 for an id that is another
 * workspace's or nobody's (the tenancy test calls every such route with a foreign id).
 */
export function ownedRoute<const O extends Operation, const D extends OwnedDeclaration>(
  tag: string,
  op: O,
  declaration: D,
) {
  const params = declaration.params ?? IdParams;
  const always = [...authErrors(declaration), ...OWNED_RESOURCE_ERRORS];
  return build<Built<O, D, { params: ParamsOf<D> }, OwnedErrors>>(
    tag,
    op,
    { ...declaration, params },
    always,
  );
}

/** GET one resource the workspace owns, by the `{id}` of its path (what a webhook's link points at). */
export function oneRoute<const P extends `/api/${string}`, const Ok extends Answers[number]>(
  tag: string,
  path: P,
  one: { summary: string; ok: Ok },
) {
  return ownedRoute(tag, `get ${path}`, { summary: one.summary, responses: { 200: one.ok } });
}

/**
 * GET one page of the workspace's rows of one kind. Its filters may name a connection or a feed
 * by id, checked as an owned route's id is, so it answers 403 / 404 too.
 */
export function listRoute<
  const P extends `/api/${string}`,
  const Q extends Query,
  const Ok extends Answers[number],
>(tag: string, path: P, query: Q, page: { summary: string; ok: Ok }) {
  const errors = OWNED_RESOURCE_ERRORS;
  return workspaceRoute(tag, `get ${path}`, {
    summary: page.summary,
    query,
    errors,
    responses: { 200: page.ok },
  });
}
