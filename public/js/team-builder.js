// The team builder's search: rows whose name or code contain what is typed stay
// visible, and so do the rows already ticked, so a search never hides the team.
(() => {
  const input = document.querySelector('[data-builder-search]');
  if (!input) return;
  const rows = [...document.querySelectorAll('[data-builder-row]')];
  input.addEventListener('input', () => {
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    for (const row of rows) {
      const text = row.dataset.search.toLowerCase();
      const ticked = row.querySelector('input:checked');
      row.hidden = !ticked && !words.every((w) => text.includes(w));
    }
  });
})();
