import type { MiddlewareHandler } from 'hono';
import { CallLog, type CallQuery, type CallRecord } from './call-log.js';
import { type GmailErrorName, gmailErrorResponse, invalidGrantResponse } from './gmail-errors.js';
import { isGmailKind, type RouteKind, routeKindOf } from './route-kinds.js';

export type FaultStatus = 429 | 403 | 500 | 503;
export type QuotaReason = 'rateLimitExceeded' | 'userRateLimitExceeded';

/** How often a fault fires: the next `times` matching calls, each call with `probability`, or (neither) every call. */
export interface FaultFrequency {
  times?: number;
  probability?: number;
  /** Route kinds the fault applies to; default: every Gmail API call (never the OAuth endpoints). */
  routes?: RouteKind[];
}

export interface ErrorFault extends FaultFrequency {
  status: FaultStatus;
  /** 403 only: which quota was exceeded */
  reason?: QuotaReason;
  /** sent as `Retry-After` (seconds); 429 defaults to 1 */
  retryAfterSeconds?: number;
}

export interface FaultSettings {
  errors: ErrorFault[];
  latencyMs: number;
  /** null: every Gmail API call */
  latencyRoutes: RouteKind[] | null;
  /** history.list answers 404 when startHistoryId is below this */
  staleHistoryBefore: string | null;
  /** the token endpoint answers invalid_grant to refresh_token grants */
  invalidGrant: boolean;
  /**
   * the next this-many history.list calls answer as if Gmail's history had not caught up yet: no
   * records, and the mailbox's history id still at the start id (what a push may run into)
   */
  laggingHistory: number;
}

export type FaultPatch = Partial<Omit<FaultSettings, 'staleHistoryBefore'>> & {
  staleHistoryBefore?: string | number | null;
};

const ERROR_BY_STATUS: Record<FaultStatus, (fault: ErrorFault) => GmailErrorName> = {
  429: () => 'tooManyRequests',
  403: (fault) => fault.reason ?? 'rateLimitExceeded',
  500: () => 'backendError',
  503: () => 'unavailable',
};

const DEFAULT_RETRY_AFTER: Partial<Record<FaultStatus, number>> = { 429: 1 };

function emptySettings(): FaultSettings {
  return {
    errors: [],
    latencyMs: 0,
    latencyRoutes: null,
    staleHistoryBefore: null,
    invalidGrant: false,
    laggingHistory: 0,
  };
}

function appliesTo(routes: RouteKind[] | null | undefined, kind: RouteKind): boolean {
  return routes ? routes.includes(kind) : isGmailKind(kind);
}

function isOlderHistoryId(candidate: string, threshold: string): boolean {
  try {
    return BigInt(candidate) < BigInt(threshold);
  } catch {
    // not a number: let the emulator reject it as Gmail would (400)
    return false;
  }
}

async function isRefreshGrant(request: Request): Promise<boolean> {
  const text = await request.clone().text();
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(text);
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      'grant_type' in parsed &&
      parsed.grant_type === 'refresh_token'
    );
  }
  return new URLSearchParams(text).get('grant_type') === 'refresh_token';
}

/**
 * Run-time switchable misbehaviour in front of the emulator. Tests call the methods directly; a
 * separate process uses the same controller through `POST/GET/DELETE /_faults`.
 */
export class FaultController {
  private current: FaultSettings = emptySettings();
  private readonly log = new CallLog();

  /** 429 with `Retry-After`. */
  rateLimit(opts: FaultFrequency & { retryAfterSeconds?: number } = {}): this {
    return this.inject({ status: 429, retryAfterSeconds: 1, ...opts });
  }

  /** 403 `rateLimitExceeded` (or `userRateLimitExceeded`), domain `usageLimits`. */
  quotaExceeded(opts: FaultFrequency & { reason?: QuotaReason } = {}): this {
    return this.inject({ status: 403, ...opts });
  }

  serverError(opts: FaultFrequency & { status?: 500 | 503 } = {}): this {
    return this.inject({ ...opts, status: opts.status ?? 503 });
  }

  inject(fault: ErrorFault): this {
    this.current.errors.push({ ...fault });
    return this;
  }

  latency(ms: number, routes: RouteKind[] | null = null): this {
    this.current.latencyMs = ms;
    this.current.latencyRoutes = routes;
    return this;
  }

  staleHistoryBefore(historyId: string | number | null): this {
    this.current.staleHistoryBefore = historyId === null ? null : String(historyId);
    return this;
  }

  invalidGrant(on = true): this {
    this.current.invalidGrant = on;
    return this;
  }

  /** The next `times` history.list calls find nothing yet (the history lags behind a notification). */
  laggingHistory(times: number): this {
    this.current.laggingHistory = times;
    return this;
  }

  /** Merge a patch; `errors` are appended to the active ones. */
  configure(patch: FaultPatch): this {
    const { errors, staleHistoryBefore, ...rest } = patch;
    Object.assign(this.current, rest);
    for (const fault of errors ?? []) this.inject(fault);
    if (staleHistoryBefore !== undefined) this.staleHistoryBefore(staleHistoryBefore);
    return this;
  }

  /** Remove every fault (call records are kept; see resetCalls). */
  clear(): this {
    this.current = emptySettings();
    return this;
  }

  settings(): FaultSettings {
    return structuredClone(this.current);
  }

  calls(query?: CallQuery): CallRecord[] {
    return this.log.list(query);
  }

  count(query?: CallQuery): number {
    return this.log.count(query);
  }

  countsByKind(): Partial<Record<RouteKind, number>> {
    return this.log.countsByKind();
  }

  resetCalls(): void {
    this.log.reset();
  }

  /** @internal the middleware's hook: a response to send instead of the emulator's, if any. */
  async intercept(kind: RouteKind, request: Request): Promise<Response | undefined> {
    const s = this.current;
    if (s.latencyMs > 0 && appliesTo(s.latencyRoutes, kind)) {
      await new Promise((resolve) => setTimeout(resolve, s.latencyMs));
    }
    if (kind === 'oauth.token' && s.invalidGrant && (await isRefreshGrant(request))) {
      return invalidGrantResponse();
    }
    if (kind === 'history.list' && s.staleHistoryBefore !== null) {
      const start = new URL(request.url).searchParams.get('startHistoryId') ?? '';
      if (isOlderHistoryId(start, s.staleHistoryBefore)) return gmailErrorResponse('notFound');
    }
    if (kind === 'history.list' && s.laggingHistory > 0) {
      s.laggingHistory -= 1;
      const start = new URL(request.url).searchParams.get('startHistoryId') ?? '';
      return Response.json({ history: [], historyId: start });
    }
    const fault = this.takeErrorFault(kind);
    if (!fault) return undefined;
    const retryAfter = fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER[fault.status];
    const headers: Record<string, string> =
      retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
    return gmailErrorResponse(ERROR_BY_STATUS[fault.status](fault), headers);
  }

  /** @internal */
  record(record: CallRecord): void {
    this.log.add(record);
  }

  private takeErrorFault(kind: RouteKind): ErrorFault | undefined {
    const errors = this.current.errors;
    for (const [index, fault] of errors.entries()) {
      if (!appliesTo(fault.routes, kind)) continue;
      if (fault.probability !== undefined && Math.random() >= fault.probability) continue;
      if (fault.times !== undefined && --fault.times <= 0) errors.splice(index, 1);
      return fault;
    }
    return undefined;
  }
}

/** Counts every call by route kind and lets the controller answer instead of the emulator. */
export function faultMiddleware(faults: FaultController): MiddlewareHandler {
  return async (c, next) => {
    const kind = routeKindOf(c.req.method, c.req.path);
    const at = Date.now();
    const injected = await faults.intercept(kind, c.req.raw);
    if (injected) {
      faults.record({
        kind,
        method: c.req.method,
        path: c.req.path,
        at,
        status: injected.status,
        faulted: true,
      });
      return injected;
    }
    await next();
    faults.record({ kind, method: c.req.method, path: c.req.path, at, status: c.res.status, faulted: false });
  };
}
