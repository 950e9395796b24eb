// The last page of the consent popup: tell the page that opened it, then close. The message goes
// to our own origin only; the opener checks the sender's origin too.
(() => {
  const el = document.getElementById('oauth-result');
  const message = {
    type: 'connections:gmail-connect',
    ok: el.dataset.ok === 'true',
    connectionId: el.dataset.connection || null,
    code: el.dataset.code || null,
  };
  let opener = null;
  try {
    opener = window.opener && !window.opener.closed ? window.opener : null;
  } catch {
    opener = null;
  }
  if (opener) {
    opener.postMessage(message, window.location.origin);
    window.close();
    return;
  }
  // no popup (blocked, or a phone): back to the card in this tab
  const problem = message.ok || !message.code ? '' : `?problem=${encodeURIComponent(message.code)}`;
  const card = message.connectionId ? `#conn-${message.connectionId}` : '';
  window.location.replace(`/app${problem}${card}`);
})();
