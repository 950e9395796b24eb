// The app's only script of its own: the Gmail consent popup, the messages it sends back, and the
// review queue's keys. htmx does every partial update; without JavaScript every form still works.
(() => {
  const CONNECT_MESSAGE = 'connections:gmail-connect';
  const PHONE = window.matchMedia('(max-width: 40rem)');

  // Connect Gmail / Reconnect: a 600×700 popup; blocked or on a phone, the form navigates this tab
  document.addEventListener('submit', (event) => {
    const form = event.target.closest('form[data-connect]');
    if (!form || PHONE.matches) return;
    const left = window.screenX + Math.max(0, (window.outerWidth - 600) / 2);
    const top = window.screenY + Math.max(0, (window.outerHeight - 700) / 2);
    const popup = window.open(
      form.action,
      'gmail-connect',
      `popup,width=600,height=700,left=${left},top=${top}`,
    );
    if (!popup) return;
    event.preventDefault();
    popup.focus();
  });

  // the popup's last page: only our own origin is listened to
  window.addEventListener('message', (event) => {
    if (event.origin !== window.location.origin) return;
    const data = event.data;
    if (!data || data.type !== CONNECT_MESSAGE || typeof data.connectionId !== 'string') return;
    const card = document.getElementById(`conn-${data.connectionId}`);
    if (!card || !window.htmx) return window.location.reload();
    const problem = data.ok || !data.code ? '' : `&problem=${encodeURIComponent(data.code)}`;
    window.htmx.ajax('GET', `/app/connections/${data.connectionId}/card?polls=0${problem}`, {
      target: card,
      swap: 'outerHTML',
    });
  });

  // review queue: j/k move between items, r resolves with the best candidate, d dismisses
  const items = () => [...document.querySelectorAll('[data-review-item]')];
  const current = () => document.activeElement?.closest?.('[data-review-item]') ?? null;
  const move = (step) => {
    const all = items();
    if (all.length === 0) return;
    const at = all.indexOf(current());
    const next = all[Math.min(all.length - 1, Math.max(0, at === -1 ? 0 : at + step))];
    next.focus();
    next.scrollIntoView({ block: 'nearest' });
  };
  const press = (selector) => {
    const item = current() ?? items()[0];
    const button = item?.querySelector(selector);
    if (!button) return;
    const after = items()[items().indexOf(item) + 1];
    button.click();
    // the next item takes the focus once this one leaves the queue
    if (after) document.body.addEventListener('htmx:afterSwap', () => after.focus(), { once: true });
  };
  const KEYS = {
    j: () => move(1),
    k: () => move(-1),
    r: () => press('[data-resolve="best"]'),
    d: () => press('[data-dismiss]'),
  };
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.('input, select, textarea, [contenteditable]')) return;
    if (!document.querySelector('[data-review-item]')) return;
    const action = KEYS[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
})();
