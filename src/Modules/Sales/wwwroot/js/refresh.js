// Redraws a server-rendered fragment every few seconds (quota availability bars): <div data-refresh-src="...">.
// A file, not inline script, because the admin's CSP allows scripts from 'self' only.
(function () {
  'use strict';

  var root = document.querySelector('[data-refresh-src]');
  if (!root) {
    return;
  }
  var interval = parseInt(root.getAttribute('data-refresh-interval'), 10) || 3000;
  var busy = false;

  function refresh() {
    if (busy || document.hidden) {
      return;
    }
    busy = true;
    fetch(root.getAttribute('data-refresh-src'), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) {
        // A redirect lands on the login page: the session ended; keep the last figures rather than draw a login form.
        if (response.redirected || !response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) { root.innerHTML = html; })
      .catch(function () { })
      .then(function () { busy = false; });
  }

  window.setInterval(refresh, interval);
  document.addEventListener('visibilitychange', refresh);
})();
