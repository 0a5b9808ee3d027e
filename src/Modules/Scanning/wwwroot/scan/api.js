// The public scanner API (seed 004 plus /scanner/device), called with the device token the browser was paired with.

export class Revoked extends Error {}
export class Offline extends Error {}

/** A request that fails on the network, or does not answer within the timeout, counts as offline. */
export async function call(token, path, { method = 'GET', body, headers = {}, timeout = 15000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let response;
  try {
    response = await fetch(path, {
      method,
      cache: 'no-store',
      credentials: 'omit',
      signal: controller.signal,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new Offline(error?.message ?? 'network error');
  } finally {
    clearTimeout(timer);
  }

  if (response.status === 401) throw new Revoked('token refused');
  return response;
}

export async function json(token, path, options) {
  const response = await call(token, path, options);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  try {
    return await response.json();
  } catch (error) {
    // A body cut off by a dropped connection.
    throw new Offline(error?.message ?? 'incomplete response');
  }
}
