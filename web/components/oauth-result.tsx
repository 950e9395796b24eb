import { BarePage } from './layout.js';
import { Problem } from './problem.js';

export interface OAuthOutcome {
  ok: boolean;
  connectionId: string | null;
  code: string | null;
}

/**
 * What the consent popup shows last: oauth-callback.js tells the page that opened it
 * (postMessage to our own origin only) and closes the popup; without an opener (popup blocked, a
 * phone) it goes back to the connection's card in this tab.
 */
export function OAuthResultPage(props: OAuthOutcome) {
  return (
    <BarePage title={props.ok ? 'Gmail connected' : 'Gmail not connected'}>
      <div
        id="oauth-result"
        data-ok={String(props.ok)}
        data-connection={props.connectionId ?? ''}
        data-code={props.code ?? ''}
      >
        <h1>{props.ok ? 'Gmail connected' : 'Gmail could not be connected'}</h1>
        {props.ok ? <p>The first sync has started. You can close this window.</p> : null}
        {props.code ? <Problem code={props.code} /> : null}
        <p>
          <a href={`/app${props.connectionId ? `#conn-${props.connectionId}` : ''}`}>
            Back to your connections
          </a>
        </p>
      </div>
      <script src="/app/assets/oauth-callback.js" />
    </BarePage>
  );
}
