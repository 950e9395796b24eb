import { Hono } from 'hono';
import { workspaceOfToken } from '../../api/middleware/auth.js';
import type { Sql } from '../../db/client.js';
import { BarePage, Notice } from '../components/layout.js';
import type { WebEnv } from '../context.js';
import { formOf } from '../request.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../session/session-cookie.js';
import { createSession, endSession } from '../session/session-store.js';

/**
 * Sign in with the workspace's API token (posted in the body, never in a URL; the request log
 * records only the path) → a session cookie; sign out ends the session in Postgres too.
 */
export function signInPages(deps: { sql: Sql; key: string; secure: boolean }) {
  const app = new Hono<WebEnv>();
  app.get('/app/sign-in', (c) => c.html(<SignInPage />));

  app.post('/app/sign-in', async (c) => {
    const { token } = await formOf(c);
    const workspaceId = token ? await workspaceOfToken(deps.sql, token) : null;
    // 401 like the API: the failed-auth throttle in front of this route counts it
    if (!workspaceId) return c.html(<SignInPage refused />, 401);
    await writeSessionCookie(c, deps.key, await createSession(deps.sql, workspaceId), deps.secure);
    return c.redirect('/app', 303);
  });

  app.post('/app/sign-out', async (c) => {
    const sessionId = await readSessionCookie(c, deps.key);
    if (sessionId) await endSession(deps.sql, sessionId);
    clearSessionCookie(c, deps.secure);
    return c.redirect('/app/sign-in', 303);
  });
  return app;
}

function SignInPage(props: { refused?: boolean }) {
  return (
    <BarePage title="Sign in">
      <h1>Connections</h1>
      <p>Booking e-mails from your Gmail, matched to your calendars.</p>
      {props.refused ? (
        <Notice kind="error">That token is not one we know. Check it and try again.</Notice>
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
