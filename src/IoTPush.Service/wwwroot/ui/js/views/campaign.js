// One campaign: its counts by state and result, a bar, and its devices, filtered by state or result, paged.
import { api, query } from '../api.js';
import { h, progress, when } from '../dom.js';
import { pagedTable } from '../paged.js';
import { autoRefresh } from '../refresh.js';

const states = ['idle', 'downloading', 'downloaded', 'updating'];
const results = [['SUCCESS', 'Succeeded'], ['FAIL', 'Failed'], ['none', 'None yet (in progress)']];
const headers = ['Device', 'State', 'Result', 'Versions', 'Error code', 'Description', 'Last update'];

function deviceRow(upgrade) {
  const versions = [upgrade.sourceVersion, upgrade.targetVersion].filter(Boolean).join(' → ');
  const current = upgrade.currentVersion ? `now ${upgrade.currentVersion}` : '';
  const description = [upgrade.description, upgrade.errorDescription].filter(Boolean).join(' — ');
  return h('tr', {},
    h('th', { scope: 'row' }, upgrade.deviceId),
    h('td', {}, upgrade.state ?? ''),
    h('td', { class: upgrade.result === 'FAIL' ? 'failed-text' : null }, upgrade.result ?? ''),
    h('td', {}, versions, current ? h('div', { class: 'muted' }, current) : null),
    h('td', {}, upgrade.errorCode ?? ''),
    h('td', { class: 'error' }, description),
    h('td', {}, when(upgrade.updatedAt)));
}

function counts(operation) {
  const cell = (label, value, name) => h('div', { 'data-count': name }, h('dt', {}, label), h('dd', {}, value));
  return h('dl', { class: 'counts' },
    cell('Devices', operation.devices, 'devices'),
    ...states.map((state) => cell(state[0].toUpperCase() + state.slice(1), operation.states[state], state)),
    cell('Succeeded', operation.succeeded, 'succeeded'),
    cell('Failed', operation.failed, 'failed'),
    cell('In progress', operation.inProgress, 'in-progress'));
}

function select(id, label, options, value, onchange) {
  const control = h('select', { id, name: id, onchange },
    h('option', { value: '' }, 'Any'),
    options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text)));
  return h('label', { for: id }, label, control);
}

/** filters: { state, result } from the address, kept there as the reader changes them. */
export function campaignView(operationId, filters) {
  const summary = h('div', { class: 'summary' });
  let refresh = null;
  const devices = pagedTable({
    caption: 'Devices of this campaign',
    headers,
    empty: 'No device matches these filters.',
    onError: (error) => refresh.error(error),
    row: deviceRow,
    keyOf: (upgrade) => `${upgrade.subOperationId}/${upgrade.deviceId}`,
    fetchPage: async (cursor, limit) => {
      const operation = await api(`upgrades/${encodeURIComponent(operationId)}${query({ ...filters, limit, cursor })}`);
      if (!cursor) summary.replaceChildren(counts(operation), progress(operation));
      return operation;
    },
  });
  refresh = autoRefresh(devices.reload);

  const changed = (name) => (event) => {
    filters = { ...filters, [name]: event.target.value };
    history.replaceState(null, '', `#/campaigns/${encodeURIComponent(operationId)}${query(filters)}`);
    refresh.now();
  };

  const element = h('section', { 'aria-labelledby': 'campaign-title' },
    h('p', {}, h('a', { href: '#/campaigns' }, '← All campaigns')),
    h('h1', { id: 'campaign-title' }, `Campaign ${operationId}`),
    refresh.status,
    summary,
    h('h2', {}, 'Devices'),
    h('div', { class: 'filters' },
      select('state-filter', 'State', states.map((state) => [state, state]), filters.state, changed('state')),
      select('result-filter', 'Result', results, filters.result, changed('result'))),
    devices.element);
  return { element, stop: refresh.stop };
}
