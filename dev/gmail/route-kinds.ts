// Names for the requests tests and the benchmark care about, so faults can target one API method
// ("only messages.get") and call counts can be asserted per method.

export const GMAIL_ROUTE_KINDS = [
  'profile.get',
  'labels.list',
  'labels.get',
  'labels.create',
  'messages.list',
  'messages.get',
  'messages.import',
  'messages.insert',
  'messages.modify',
  'history.list',
  'watch',
  'stop',
  'gmail.other',
] as const;

export const OAUTH_ROUTE_KINDS = [
  'oauth.consent',
  'oauth.approve',
  'oauth.token',
  'oauth.revoke',
  'oauth.other',
] as const;

export type GmailRouteKind = (typeof GMAIL_ROUTE_KINDS)[number];
export type OAuthRouteKind = (typeof OAUTH_ROUTE_KINDS)[number];
export type RouteKind = GmailRouteKind | OAuthRouteKind | 'other';

const USER = '/gmail/v1/users/[^/]+';
const UPLOAD = '(?:/upload)?';

const ROUTES: ReadonlyArray<{ method: string; pattern: RegExp; kind: RouteKind }> = [
  { method: 'GET', pattern: new RegExp(`^${USER}/profile$`), kind: 'profile.get' },
  { method: 'GET', pattern: new RegExp(`^${USER}/labels$`), kind: 'labels.list' },
  { method: 'GET', pattern: new RegExp(`^${USER}/labels/[^/]+$`), kind: 'labels.get' },
  { method: 'POST', pattern: new RegExp(`^${USER}/labels$`), kind: 'labels.create' },
  { method: 'GET', pattern: new RegExp(`^${USER}/messages$`), kind: 'messages.list' },
  { method: 'GET', pattern: new RegExp(`^${USER}/messages/[^/]+$`), kind: 'messages.get' },
  { method: 'POST', pattern: new RegExp(`^${UPLOAD}${USER}/messages/import$`), kind: 'messages.import' },
  { method: 'POST', pattern: new RegExp(`^${UPLOAD}${USER}/messages$`), kind: 'messages.insert' },
  { method: 'POST', pattern: new RegExp(`^${USER}/messages/[^/]+/modify$`), kind: 'messages.modify' },
  { method: 'POST', pattern: new RegExp(`^${USER}/messages/batchModify$`), kind: 'messages.modify' },
  { method: 'GET', pattern: new RegExp(`^${USER}/history$`), kind: 'history.list' },
  { method: 'POST', pattern: new RegExp(`^${USER}/watch$`), kind: 'watch' },
  { method: 'POST', pattern: new RegExp(`^${USER}/stop$`), kind: 'stop' },
  { method: 'GET', pattern: /^\/o\/oauth2\/v2\/auth$/, kind: 'oauth.consent' },
  { method: 'POST', pattern: /^\/o\/oauth2\/v2\/auth\/callback$/, kind: 'oauth.approve' },
  { method: 'POST', pattern: /^\/oauth2\/token$/, kind: 'oauth.token' },
  { method: 'POST', pattern: /^\/revoke$/, kind: 'oauth.revoke' },
];

export function routeKindOf(method: string, path: string): RouteKind {
  const route = ROUTES.find((r) => r.method === method && r.pattern.test(path));
  if (route) return route.kind;
  if (/^(?:\/upload)?\/gmail\//.test(path)) return 'gmail.other';
  if (/^\/(?:o\/)?oauth2\//.test(path)) return 'oauth.other';
  return 'other';
}

const GMAIL_KINDS: ReadonlySet<RouteKind> = new Set(GMAIL_ROUTE_KINDS);

export function isGmailKind(kind: RouteKind): kind is GmailRouteKind {
  return GMAIL_KINDS.has(kind);
}
