import type { Child } from 'hono/jsx';

/** A labelled list of cards or rows, each item drawn by `item`. */
export function ItemList<T>(props: {
  class: string;
  label: string;
  items: readonly T[];
  item: (it: T) => Child;
}) {
  return (
    <ul class={props.class} aria-label={props.label}>
      {props.items.map((it) => (
        <li>{props.item(it)}</li>
      ))}
    </ul>
  );
}
