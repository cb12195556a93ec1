// Search filters on phones: the facet panel starts folded, so the results come first.
// Without this script (or on a wider screen) it stays open.
(function () {
  'use strict';
  var facets = document.querySelector('details.facets');
  if (facets && window.matchMedia('(max-width: 600px)').matches) facets.open = false;
})();
