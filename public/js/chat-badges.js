// Unread chat badges in case lists: one request for all listed cases.
(function () {
  'use strict';
  var badges = document.querySelectorAll('[data-chat-unread]');
  if (!badges.length) return;
  // Strings in the page's language (views/cases/list.hbs, locale key chatBadges).
  var table = document.querySelector('[data-chat-strings]');
  var S = JSON.parse((table && table.getAttribute('data-chat-strings')) || '{}');
  var ids = [];
  badges.forEach(function (b) {
    ids.push(b.getAttribute('data-chat-unread'));
  });
  fetch('/api/chat/unread?cases=' + ids.slice(0, 100).join(','), { credentials: 'same-origin' })
    .then(function (res) {
      return res.ok ? res.json() : { unread: {} };
    })
    .then(function (body) {
      badges.forEach(function (b) {
        var n = body.unread[b.getAttribute('data-chat-unread')] || 0;
        if (!n) return;
        b.textContent = (S.badge || '') + (n > 99 ? '99+' : n);
        b.setAttribute('aria-label', (S.label || '').replace('{n}', n));
        b.hidden = false;
      });
    })
    .catch(function () {
      // badges are a convenience; the list works without them
    });
})();
