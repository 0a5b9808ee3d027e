// Small behaviours for the admin, loaded as a file so that a CSP without inline script works.
(function () {
  'use strict';

  // Forms that undo money or access ask first: <form data-confirm="Refund this sale?">.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute('data-confirm')) {
      question = submitter.getAttribute('data-confirm');
    }
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  document.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target.closest('[data-copy],[data-print]') : null;
    if (!target) {
      return;
    }
    if (target.hasAttribute('data-print')) {
      window.print();
      return;
    }
    var source = document.getElementById(target.getAttribute('data-copy'));
    if (!source) {
      return;
    }
    var text = source.value || source.textContent.trim();
    var done = function () { target.textContent = 'Copied'; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand('copy');
      done();
    }
  });

  // A select marked data-autosubmit submits its (GET) form on change; the form keeps a button for keyboards.
  document.addEventListener('change', function (event) {
    var select = event.target;
    if (select.hasAttribute && select.hasAttribute('data-autosubmit') && select.form) {
      select.form.requestSubmit();
    }
  });

  // The door check keeps its input focused: a scanner types into whatever has focus.
  document.addEventListener('DOMContentLoaded', function () {
    var keep = document.querySelector('[data-keep-focus]');
    if (!keep) {
      return;
    }
    keep.focus();
    keep.select();
    document.addEventListener('keydown', function (event) {
      if (document.activeElement === document.body && event.key.length === 1) {
        keep.focus();
      }
    });
  });
})();
