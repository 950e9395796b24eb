import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import { BEARER, errorResponses, IdParams, OWNED_RESOURCE_ERRORS } from './schemas.js';

type Config = Omit<RouteConfig, 'tags' | 'security'>;

/**
 * A route behind workspace auth: its resource's tag, the bearer token, and the errors every such
 * route can answer — 401, 429 (failed auth slowed), and 413 and 415 when it takes a JSON body
 * (the body limit; Hono refuses other media types).
 *
 * @example
 * const list = workspaceRoute('feeds', {
 *   method: 'get',
 *   path: '/api/ical-feeds',
 *   summary: "The workspace's feeds",
 *   responses: { 200: json(FeedList, 'All feeds, newest first') },
 * });
 */
export function workspaceRoute<const R extends Config>(tag: string, config: R) {
  const statuses = config.request?.body ? ([401, 413, 415, 429] as const) : ([401, 429] as const);
  return createRoute({
    ...config,
    tags: [tag],
    security: BEARER,
    responses: { ...errorResponses(...statuses), ...config.responses },
  });
}

/** The path parameters of an owned route: `{id}`, and any more its path names (a message of the connection). */
type OwnedParams = z.ZodObject<typeof IdParams.shape>;
type OwnedConfig = Omit<Config, 'request'> & {
  request?: Omit<NonNullable<Config['request']>, 'params'> & { params?: OwnedParams };
};
type ParamsOf<R extends OwnedConfig> = R['request'] extends { params: infer P } ? P : typeof IdParams;

/**
 * A workspace route on one resource the workspace owns, named by `{id}` in its path: the id
 * parameter (or `request.params`, `IdParams` extended), and 403 / 404 for an id that is another
 * workspace's or nobody's (the tenancy test calls every such route with a foreign id).
 */
export function ownedRoute<const R extends OwnedConfig>(tag: string, config: R) {
  const request = { ...config.request, params: config.request?.params ?? IdParams } as NonNullable<
    R['request']
  > & { params: ParamsOf<R> };
  return workspaceRoute(tag, {
    ...config,
    request,
    responses: { ...errorResponses(...OWNED_RESOURCE_ERRORS), ...config.responses },
  });
}

/** GET one resource the workspace owns, by the `{id}` of its path (what a webhook's link points at). */
export function oneRoute<const P extends string, const Ok extends Config['responses'][number]>(
  tag: string,
  path: P,
  one: { summary: string; ok: Ok },
) {
  return ownedRoute(tag, { method: 'get', path, summary: one.summary, responses: { 200: one.ok } });
}

type Query = NonNullable<NonNullable<Config['request']>['query']>;

/**
 * GET one page of the workspace's rows of one kind. Its filters may name a connection or a feed
 * by id, checked as an owned route's id is, so it answers 403 / 404 too.
 */
export function listRoute<
  const P extends string,
  const Q extends Query,
  const Ok extends Config['responses'][number],
>(tag: string, path: P, query: Q, page: { summary: string; ok: Ok }) {
  return workspaceRoute(tag, {
    method: 'get',
    path,
    summary: page.summary,
    request: { query },
    responses: { 200: page.ok, ...errorResponses(...OWNED_RESOURCE_ERRORS) },
  });
}
