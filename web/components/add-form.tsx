import type { Child } from 'hono/jsx';
import { PLATFORM_NAMES } from './connection-card.js';

/**
 * The panel that adds a connection or a calendar: both ask for the platform first, then their own
 * fields (`children`). `idPrefix` names the platform field's id, `titleId` the heading's.
 */
export function AddForm(props: {
  noun: string;
  action: string;
  idPrefix: string;
  titleId: string;
  children: Child;
}) {
  return (
    <section class="panel" aria-labelledby={props.titleId}>
      <h2 id={props.titleId}>Add a {props.noun}</h2>
      <form method="post" action={props.action} class="stack">
        <label for={`${props.idPrefix}-platform`}>Platform</label>
        <select id={`${props.idPrefix}-platform`} name="platform">
          {Object.entries(PLATFORM_NAMES).map(([value, name]) => (
            <option value={value}>{name}</option>
          ))}
        </select>
        {props.children}
        <button type="submit" class="primary">
          Add {props.noun}
        </button>
      </form>
    </section>
  );
}
