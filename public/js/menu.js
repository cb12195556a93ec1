// The header menu on phones: the links fold behind one button. Without this script
// the links simply stay visible (the CSS hides them only once the button works).
(function () {
  'use strict';
  var header = document.querySelector('.site-header');
  var button = header && header.querySelector('.menu-button');
  var nav = document.getElementById('main-nav');
  if (!button || !nav) return;
  header.classList.add('menu-ready');
  button.addEventListener('click', function () {
    var open = nav.classList.toggle('open');
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
})();
