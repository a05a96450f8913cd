import type { Client } from './app.js';

/**
 * Posts a form with repeated fields (checkbox lists) as a browser does: each value of an array is
 * its own `name=value` pair. Fetches /pairs first for a CSRF token when the client has none yet.
 */
export async function postList(client: Client, url: string, fields: Record<string, string | string[]>) {
  if (!client.csrf) await client.get('/pairs');
  const params = new URLSearchParams({ _csrf: client.csrf ?? '' });
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) params.append(k, x);
  return client.app.inject({
    method: 'POST',
    url,
    payload: params.toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}
