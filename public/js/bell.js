// The live bell: the header's unread count follows new notifications over the page's
// socket (the same one the case chat uses, see chat.js), without a reload.
(function () {
  'use strict';
  var bell = document.querySelector('a.bell');
  if (!bell || typeof io !== 'function') return;
  window.appSocket = window.appSocket || io({ transports: ['websocket'], reconnectionDelayMax: 5000 });
  window.appSocket.on('notifications:unread', function (payload) {
    var count = payload && typeof payload.count === 'number' ? payload.count : 0;
    var badge = bell.querySelector('.badge');
    if (!count) {
      if (badge) badge.remove();
      return;
    }
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'badge';
      bell.appendChild(document.createTextNode(' '));
      bell.appendChild(badge);
    }
    var shown = count > 99 ? '99+' : String(count);
    badge.textContent = shown;
    badge.setAttribute('aria-label', (bell.getAttribute('data-unread-label') || '{n}').replace('{n}', shown));
  });
})();
