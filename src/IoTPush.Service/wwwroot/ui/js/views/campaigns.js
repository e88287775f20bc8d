// Campaigns: those with devices still in progress first, then the finished ones; each most recently updated first.
import { api, query } from '../api.js';
import { h, progress, when } from '../dom.js';
import { pagedTable } from '../paged.js';
import { autoRefresh } from '../refresh.js';

const headers = ['Operation', 'Progress', 'Kind', 'Devices', 'Last update'];

function campaignRow(campaign) {
  return h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: `#/campaigns/${encodeURIComponent(campaign.operationId)}` }, campaign.operationId)),
    h('td', {}, progress(campaign)),
    h('td', {}, campaign.kind),
    h('td', { class: 'number' }, campaign.devices),
    h('td', {}, when(campaign.updatedAt)));
}

function campaignTable(active, caption, empty, onError) {
  return pagedTable({
    caption,
    headers,
    empty,
    onError,
    row: campaignRow,
    keyOf: (campaign) => campaign.operationId,
    fetchPage: (cursor, limit) => api(`upgrades${query({ active, limit, cursor })}`),
  });
}

export function campaignsView() {
  let refresh = null;
  const onError = (error) => refresh.error(error);
  const active = campaignTable(true, 'Campaigns with devices still in progress', 'No campaign is in progress.', onError);
  const finished = campaignTable(false, 'Campaigns whose devices have all finished', 'No campaign has finished yet.', onError);
  refresh = autoRefresh(() => Promise.all([active.reload(), finished.reload()]));

  const element = h('section', { 'aria-labelledby': 'campaigns-title' },
    h('h1', { id: 'campaigns-title' }, 'Upgrade campaigns'),
    refresh.status,
    h('h2', {}, 'In progress'), active.element,
    h('h2', {}, 'Finished'), finished.element);
  return { element, stop: refresh.stop };
}
