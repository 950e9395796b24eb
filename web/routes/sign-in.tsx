import { Hono } from 'hono';
import { BarePage, Notice } from '../components/layout.js';
import type { WebEnv } from '../context.js';
import { formOf } from '../request.js';
import type { SessionGuard } from '../session/require-session.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../session/session-cookie.js';
import { endSession, endWorkspaceSessions, signIn } from '../session/session-store.js';

/**
 * Sign in with the workspace's API token (posted in the body, never in a URL; the request log
 * records only the path) → a session cookie, replacing the browser's previous session; sign out
 * ends the session in Postgres too. Sign out everywhere (behind the session, see web/index.tsx)
 * ends every session of the workspace.
 */
export function signInPages(deps: Omit<SessionGuard, 'idleMinutes'>) {
  const app = new Hono<WebEnv>();
  app.get('/app/sign-in', (c) => c.html(<SignInPage />));

  app.post('/app/sign-in', async (c) => {
    const { token } = await formOf(c);
    const previous = await readSessionCookie(c, deps.key, deps.secure);
    const session = token ? await signIn(deps.sql, token, previous) : null;
    // 401 like the API: the failed-auth throttle in front of this route counts it
    if (!session) return c.html(<SignInPage refused />, 401);
    await writeSessionCookie(c, deps.key, session.sessionId, deps.secure);
    return c.redirect('/app', 303);
  });

  app.post('/app/sign-out', async (c) => {
    const sessionId = await readSessionCookie(c, deps.key, deps.secure);
    if (sessionId) await endSession(deps.sql, sessionId);
    clearSessionCookie(c, deps.secure);
    return c.redirect('/app/sign-in', 303);
  });
  return app;
}

/** Every browser signed in to this workspace is signed out, this one included. Behind the session. */
export function signOutEverywhere(deps: Omit<SessionGuard, 'idleMinutes'>) {
  return new Hono<WebEnv>().post('/app/sign-out-everywhere', async (c) => {
    const ended = await endWorkspaceSessions(deps.sql, c.get('workspaceId'));
    c.get('log').info({ event: 'web_signed_out_everywhere', sessions: ended }, 'signed out everywhere');
    clearSessionCookie(c, deps.secure);
    return c.redirect('/app/sign-in', 303);
  });
}

/** The form; `refused`: the token was wrong; `slowed`: too many wrong ones, seconds to wait. */
export function SignInPage(props: { refused?: boolean; slowed?: number }) {
  return (
    <BarePage title="Sign in">
      <h1>Connections</h1>
      <p>Booking e-mails from your Gmail, matched to your calendars.</p>
      {props.refused && !props.slowed ? (
        <Notice kind="error">That token is not one we know. Check it and try again.</Notice>
      ) : null}
      {props.slowed ? (
        <Notice kind="error">
          Too many wrong tokens from here. The right one still works; a wrong one is refused for another{' '}
          {props.slowed} seconds.
        </Notice>
      ) : null}
      <form method="post" action="/app/sign-in" class="stack panel">
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required />
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
      <p class="muted small">
        The token of your workspace (<code>npm run dev</code> prints the demo's).
      </p>
    </BarePage>
  );
}
