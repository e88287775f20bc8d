// The management API, with the key this tab was given. The key lives in sessionStorage: gone with the tab.

const keyName = 'iotpush.apiKey';

export const key = {
  get: () => sessionStorage.getItem(keyName),
  set: (value) => sessionStorage.setItem(keyName, value),
  forget: () => sessionStorage.removeItem(keyName),
};

/** Raised on window whenever the API refuses the key, so that the page can ask for it again. */
export const unauthorizedEvent = 'iotpush:unauthorized';

/** A call the API refused or could not answer; status 401 means the key is wrong. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `The API answered ${status}.`);
    this.status = status;
  }
}

/** GET or POST a path under /api with the key; answers the parsed JSON (or null for an empty body). */
export async function api(path, { method = 'GET' } = {}) {
  let response;
  try {
    response = await fetch(`../api/${path}`, {
      method,
      headers: { 'X-Api-Key': key.get() ?? '', Accept: 'application/json' },
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'The service did not answer; is it running?');
  }

  const body = await readJson(response);
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent(unauthorizedEvent));
    throw new ApiError(response.status, problemText(response.status, body));
  }
  return body;
}

// A proxy in front of the service may answer a 502 in HTML: that is not an error of its own.
async function readJson(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

// Problem details: the detail, or the first field error of a validation problem, or the title.
function problemText(status, body) {
  const fieldErrors = body?.errors ? Object.values(body.errors).flat() : [];
  const text = body?.detail ?? fieldErrors[0] ?? body?.title;
  return text ? `${text} (${status})` : null;
}

/** A query string of the given parameters, leaving out empty ones. */
export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
