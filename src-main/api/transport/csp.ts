/**
 * Content-Security-Policy for renderer pages. Scripts only from our own files (no inline script, no eval);
 * the API is the only place the page may connect to. Inline style attributes are allowed because Svelte
 * templates and d3 write them; style sheets still come only from our files.
 */
export function contentSecurityPolicy(connectSrc: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connectSrc}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers every response for a renderer file carries, besides its type and the CSP. */
export const HARDENING_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // The page's URL carries the session token: never send it on in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
