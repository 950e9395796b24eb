/**
 * The tabs over the statuses of the list at `path` (`[value, name]` pairs), the current one marked
 * as the page; `also`: the rest of the query, kept from tab to tab.
 */
export function StatusTabs<S extends string>(props: {
  label: string;
  path: string;
  tabs: readonly (readonly [S, string])[];
  current: S;
  also?: string;
}) {
  return (
    <nav aria-label={props.label} class="tabs">
      <ul>
        {props.tabs.map(([value, name]) => (
          <li>
            <a
              href={`${props.path}?status=${value}${props.also ?? ''}`}
              aria-current={value === props.current ? 'page' : undefined}
            >
              {name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
