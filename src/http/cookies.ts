/**
 * The portal's cookie names. With Secure cookies (production behind HTTPS) they carry the prefixes
 * browsers enforce: `__Host-` for the site-wide ones (only accepted with Secure, Path=/ and no
 * Domain, so a sibling subdomain or a plain-HTTP page cannot plant or overwrite a session or a CSRF
 * secret), `__Secure-` for those scoped to a path.
 */
export interface CookieNames {
  session: string;
  csrf: string;
  flash: string;
  /** A new account's or reset's one-time link, shown once after the redirect (path /users). */
  issuedLink: string;
  /** A mentee's feedback link, shown once after the redirect (the pair's link page). */
  feedbackLink: string;
  /** The version for the visually impaired: its settings (http/low-vision.ts). */
  lowVision: string;
}

export function cookieNames(secure: boolean): CookieNames {
  const site = secure ? '__Host-' : '';
  const scoped = secure ? '__Secure-' : '';
  return {
    session: `${site}session`,
    csrf: secure ? '__Host-csrf' : '_csrf',
    flash: `${site}flash`,
    issuedLink: `${scoped}issued_link`,
    feedbackLink: `${scoped}feedback_link`,
    lowVision: `${site}low_vision`,
  };
}
