const FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** A moment, readable and machine-readable; the server renders in UTC so pages never disagree. */
export function When(props: { at: string | null; none?: string }) {
  if (!props.at) return <span class="muted">{props.none ?? '—'}</span>;
  return <time datetime={props.at}>{FORMAT.format(new Date(props.at))}</time>;
}

/** "1 min 20 s" between two moments. */
export function duration(from: string, to: string | null): string {
  if (!to) return 'running';
  const s = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
