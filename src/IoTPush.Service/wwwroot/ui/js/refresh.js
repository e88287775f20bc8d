// Keeps a view current: runs its task now and then every few seconds, saying in a status line when it last
// succeeded or why it did not. A refused key is handled by the page (see api.js), not here.
import { ApiError } from './api.js';

export const refreshSeconds = 5;

/** Starts refreshing; answers { status, stop, now }: the status element, a stop function, and a refresh-now. */
export function autoRefresh(task) {
  const status = document.createElement('p');
  status.className = 'status';
  status.setAttribute('role', 'status');
  let timer = null;
  let stopped = false;
  let latest = 0;

  async function run() {
    clearTimeout(timer);
    const mine = ++latest; // a refresh-now during a refresh: only the last one schedules the next
    try {
      await task();
      if (mine !== latest) return;
      report(`Updated at ${new Date().toLocaleTimeString()}; refreshes every ${refreshSeconds} seconds.`, false);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return; // the key form replaces the view
      report(error.message, true);
    }
    if (!stopped && mine === latest) timer = setTimeout(run, refreshSeconds * 1000);
  }

  function report(text, isError) {
    status.textContent = text;
    status.classList.toggle('message', isError);
  }

  run();
  return {
    status,
    now: run,
    error: (error) => report(error.message, true),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
