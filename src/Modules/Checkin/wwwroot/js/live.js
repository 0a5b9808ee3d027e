// Live entries: re-fetches the server-drawn lists and charts (Live?handler=Fragment) every few seconds.
// A file, not inline script, because the admin's CSP allows scripts from 'self' only.
(function () {
  'use strict';

  var root = document.querySelector('[data-live-src]');
  if (!root) {
    return;
  }
  var state = document.getElementById('live-state');
  var interval = parseInt(root.getAttribute('data-live-interval'), 10) || 5000;
  var busy = false;
  var stopped = false;

  function say(text) {
    if (state) {
      state.textContent = text;
    }
  }

  function refresh() {
    if (busy || stopped || document.hidden) {
      return;
    }
    busy = true;
    fetch(root.getAttribute('data-live-src'), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) {
        // A redirect lands on the login page: the session ended, so stop rather than draw the login form here.
        if (response.redirected || !response.ok) {
          throw new Error(response.redirected ? 'login' : String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        root.innerHTML = html;
        say('Updated at ' + new Date().toLocaleTimeString() + '; updates every ' + Math.round(interval / 1000) + ' seconds.');
      })
      .catch(function (error) {
        if (error.message === 'login') {
          stopped = true;
          say('Not updating: log in again and reload this page.');
        } else {
          say('Not updated (connection problem); trying again.');
        }
      })
      .then(function () {
        busy = false;
      });
  }

  window.setInterval(refresh, interval);
  document.addEventListener('visibilitychange', refresh);
})();
