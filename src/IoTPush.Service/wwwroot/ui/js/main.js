// The dashboard: asks for the management API key once, then shows the view the address names.
import { ApiError, api, key, unauthorizedEvent } from './api.js';
import { h } from './dom.js';
import { campaignsView } from './views/campaigns.js';
import { campaignView } from './views/campaign.js';
import { deadLettersView } from './views/dead-letters.js';

const main = document.getElementById('view');
const forget = document.getElementById('forget-key');
const routes = [
  [/^#\/campaigns\/([^?]+)(?:\?(.*))?$/, (match) => campaignView(
    decodeURIComponent(match[1]), Object.fromEntries(new URLSearchParams(match[2] ?? '')))],
  [/^#\/dead-letters$/, () => deadLettersView()],
  [/.*/, () => campaignsView()],
];
let stopView = () => {};

function keyForm(message) {
  const input = h('input', { id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'off', required: true });
  const problem = h('p', { class: 'message', role: 'alert', hidden: !message }, message ?? '');
  const form = h('form', { class: 'key-form card', onsubmit: async (event) => {
    event.preventDefault();
    key.set(input.value.trim());
    try {
      await api('upgrades?limit=1'); // the key is tried before any view is shown
      render();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return; // the refusal has drawn the form again
      key.forget();
      problem.textContent = error.message;
      problem.hidden = false;
    }
  } },
  h('h1', {}, 'IoTPush'),
  problem,
  h('label', { for: 'api-key' }, 'Management API key'),
  input,
  h('p', { class: 'muted' }, 'Kept in this tab only, and sent as X-Api-Key with every call.'),
  h('button', { type: 'submit' }, 'Open the dashboard'));
  main.replaceChildren(form);
  input.focus();
}

function markCurrentLink(hash) {
  for (const link of document.querySelectorAll('.top nav a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function render(message) {
  stopView();
  stopView = () => {};
  forget.hidden = !key.get();
  if (!key.get()) {
    keyForm(message);
    return;
  }

  const hash = location.hash || '#/campaigns';
  markCurrentLink(hash);
  const [pattern, view] = routes.find(([candidate]) => candidate.test(hash));
  const { element, stop } = view(hash.match(pattern));
  main.replaceChildren(element);
  stopView = stop;
  main.focus();
}

window.addEventListener(unauthorizedEvent, () => {
  key.forget();
  render('The key was refused (401 Unauthorized): check it against Management:ApiKeys.');
});
forget.addEventListener('click', () => {
  key.forget();
  render();
});
window.addEventListener('hashchange', () => render());
render();
