// A table over one of the API's paged lists: "Show more" follows nextCursor, reload() fetches again as many
// rows as are shown, and redraws only when they changed (so a refresh never moves the reader's focus for nothing).
import { h, table } from './dom.js';

const pageSize = 50;
const maxLimit = 1000;

/**
 * fetchPage(cursor, limit) answers { items, nextCursor }; row(item) answers a <tr>; keyOf(item) names a row,
 * so that the focused control is found again after a redraw; onError(error) hears of a failed "Show more".
 */
export function pagedTable({ caption, headers, empty, fetchPage, row, keyOf, onError }) {
  let items = [];
  let nextCursor = null;
  let drawn = null;

  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'quiet', hidden: true, onclick: () => showMore() }, 'Show more');
  const count = h('span', { class: 'muted' });
  const emptyNote = h('p', { class: 'muted', hidden: true }, empty);
  const wrap = table(caption, headers, []);
  wrap.querySelector('tbody').replaceWith(body);
  const element = h('div', { class: 'paged' }, wrap, emptyNote, h('div', { class: 'pager' }, more, count));

  function draw() {
    const snapshot = JSON.stringify([items, nextCursor]);
    if (snapshot === drawn) return;
    drawn = snapshot;

    const focused = body.contains(document.activeElement) ? focusKey(document.activeElement) : null;
    body.replaceChildren(...items.map((item) => {
      const tr = row(item);
      tr.dataset.key = keyOf(item);
      return tr;
    }));
    if (focused) refocus(focused);

    wrap.hidden = items.length === 0;
    emptyNote.hidden = items.length !== 0;
    more.hidden = !nextCursor;
    count.textContent = items.length ? `${items.length} shown${nextCursor ? ', more to load' : ''}` : '';
  }

  async function reload() {
    const page = await fetchPage(null, Math.min(Math.max(items.length, pageSize), maxLimit));
    items = page.items;
    nextCursor = page.nextCursor;
    draw();
  }

  async function showMore() {
    more.disabled = true;
    try {
      const page = await fetchPage(nextCursor, pageSize);
      items = items.concat(page.items);
      nextCursor = page.nextCursor;
      draw();
    } catch (error) {
      onError(error);
    } finally {
      more.disabled = false;
    }
  }

  function refocus({ key, index }) {
    const tr = body.querySelector(`tr[data-key="${CSS.escape(key)}"]`);
    tr?.querySelectorAll('a, button')[index]?.focus();
  }

  return { element, reload };
}

// The focused control as its row's key and its place among the row's controls, to find it in the redrawn row.
function focusKey(control) {
  const tr = control.closest('tr[data-key]');
  const index = tr ? [...tr.querySelectorAll('a, button')].indexOf(control) : -1;
  return index < 0 ? null : { key: tr.dataset.key, index };
}
