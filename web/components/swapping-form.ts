/**
 * The attributes of a form that acts on one element of the page: htmx posts it and swaps the answer
 * in for `target`; without JavaScript it is a plain POST, and the page comes back whole.
 */
export function swappingForm(base: string, target: string) {
  return (action: string) => ({
    method: 'post' as const,
    action: `${base}/${action}`,
    'hx-post': `${base}/${action}`,
    'hx-target': target,
    'hx-swap': 'outerHTML',
  });
}
