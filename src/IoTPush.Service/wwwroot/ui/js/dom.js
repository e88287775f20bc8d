// Elements built from data without ever parsing it as HTML: pushed values are text, whatever they hold.

/** h('td', { class: 'number' }, 3) -> <td class="number">3</td>. Attributes starting with "on" take functions. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A table in a scrolling wrapper, so that a phone's width scrolls it instead of the page. */
export function table(caption, headers, rows) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, rows)));
}

/** Succeeded, failed and in progress as a stacked bar with the numbers beside it. */
export function progress({ succeeded, failed, inProgress, devices }) {
  const total = Math.max(devices, 1);
  const segment = (name, count) => {
    const span = h('span', { class: name });
    span.style.width = `${(100 * count) / total}%`;
    return span;
  };
  const label = `${succeeded} succeeded, ${failed} failed, ${inProgress} in progress of ${devices}`;
  return h('div', { class: 'progress' },
    h('div', { class: 'bar', role: 'img', 'aria-label': label },
      segment('succeeded', succeeded), segment('failed', failed), segment('in-progress', inProgress)),
    h('div', { class: 'legend' },
      h('span', { class: 'succeeded', 'data-count': 'succeeded' }, `${succeeded} succeeded`),
      h('span', { class: 'failed', 'data-count': 'failed' }, `${failed} failed`),
      h('span', { class: 'in-progress', 'data-count': 'in-progress' }, `${inProgress} in progress`)));
}

/** An ISO time as the reader's local date and time. */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}
