// Dead letters: inbox records whose dispatch gave up (status failed), with the last error and a Replay button.
import { api, query } from '../api.js';
import { h, when } from '../dom.js';
import { pagedTable } from '../paged.js';
import { autoRefresh } from '../refresh.js';

const headers = ['Received', 'Type', 'Device', 'Operation', 'Attempts', 'Last error', 'Action'];

export function deadLettersView() {
  let refresh = null;
  const notice = h('p', { class: 'message info', role: 'status', hidden: true });

  async function replay(record, button) {
    button.disabled = true;
    try {
      await api(`notifications/${encodeURIComponent(record.id)}/replay`, { method: 'POST' });
      notice.textContent = `Notification ${record.id} is pending again: it leaves this list, and comes back only if it fails again.`;
      notice.hidden = false;
      await refresh.now();
    } catch (error) {
      button.disabled = false;
      refresh.error(error);
    }
  }

  function letterRow(record) {
    const button = h('button', { type: 'button', 'aria-label': `Replay notification ${record.id}` }, 'Replay');
    button.addEventListener('click', () => replay(record, button));
    return h('tr', {},
      h('td', {}, when(record.receivedAt)),
      h('td', {}, record.notifyType),
      h('td', {}, record.deviceId ?? ''),
      h('td', {}, record.operationId ?? ''),
      h('td', { class: 'number' }, record.attempts),
      h('td', { class: 'error' }, record.lastError ?? ''),
      h('td', {}, button));
  }

  const letters = pagedTable({
    caption: 'Notifications whose dispatch gave up',
    headers,
    empty: 'No dead letters: every stored notification was dispatched or is still being tried.',
    onError: (error) => refresh.error(error),
    row: letterRow,
    keyOf: (record) => record.id,
    fetchPage: (cursor, limit) => api(`notifications${query({ status: 'failed', limit, cursor })}`),
  });
  refresh = autoRefresh(letters.reload);

  const element = h('section', { 'aria-labelledby': 'dead-letters-title' },
    h('h1', { id: 'dead-letters-title' }, 'Dead letters'),
    h('p', { class: 'muted' }, 'Replay sets a notification back to pending with a fresh count of attempts.'),
    refresh.status,
    notice,
    letters.element);
  return { element, stop: refresh.stop };
}
