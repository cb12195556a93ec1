// The desk's queue by keyboard, as in a mail client: j / k (or ↓ / ↑ on a row) move to
// the next or previous case, Enter opens it. Keys typed into a field are left alone.
(() => {
  const table = document.querySelector('[data-keyboard-list]');
  if (!table) return;
  const links = () => [...table.querySelectorAll('tbody a.case-link')];
  const typing = (el) => !!el && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName ?? ''));
  const rowOf = (el) => el?.closest?.('tr');

  function move(step) {
    const all = links();
    if (!all.length) return;
    const current = all.findIndex((a) => rowOf(a) === rowOf(document.activeElement));
    const next = current < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, current + step));
    all.forEach((a) => rowOf(a)?.classList.remove('selected'));
    rowOf(all[next])?.classList.add('selected');
    all[next].focus();
  }

  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    const inList = table.contains(document.activeElement);
    if (event.key === 'j' || (inList && event.key === 'ArrowDown')) move(1);
    else if (event.key === 'k' || (inList && event.key === 'ArrowUp')) move(-1);
    else return;
    event.preventDefault();
  });
})();
