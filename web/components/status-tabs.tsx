/** The tabs over a list's statuses: `[value, name]` pairs, the current one marked as the page. */
export function StatusTabs<S extends string>(props: {
  label: string;
  tabs: readonly (readonly [S, string])[];
  current: S;
  href: (status: S) => string;
}) {
  return (
    <nav aria-label={props.label} class="tabs">
      <ul>
        {props.tabs.map(([value, name]) => (
          <li>
            <a href={props.href(value)} aria-current={value === props.current ? 'page' : undefined}>
              {name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
