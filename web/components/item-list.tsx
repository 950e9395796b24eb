import { type Child, Children } from 'hono/jsx';

/** A labelled list of cards or rows: each child its own item. */
export function ItemList(props: { class: string; label: string; children?: Child }) {
  return (
    <ul class={props.class} aria-label={props.label}>
      {Children.toArray(props.children).map((child) => (
        <li>{child}</li>
      ))}
    </ul>
  );
}
