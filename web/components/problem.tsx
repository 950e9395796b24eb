import { helpFor } from '../../contracts/error-help.js';

/** An error code in plain words with the one action that fixes it (contracts/error-help.ts). */
export function Problem(props: { code: string; message?: string | null }) {
  const help = helpFor(props.code);
  return (
    <div class="problem" role="alert" data-code={props.code}>
      <p>
        <span aria-hidden="true">⚠ </span>
        <strong>{help.explanation}</strong>
      </p>
      <p>
        <span class="what-to-do">What to do:</span> {help.action}
      </p>
      <p class="muted small">
        Code <code>{props.code}</code>
        {props.message ? ` — ${props.message}` : ''}
      </p>
    </div>
  );
}
