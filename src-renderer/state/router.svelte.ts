/**
 * Which screen is showing, kept in the URL's hash (#/study/12) so reload and back/forward work in both shells:
 * the browser host's query string carries the session token and must stay untouched, and app:// has one page.
 */
export type Route = { name: 'worklist' } | { name: 'study'; id: number } | { name: 'import' } | { name: 'settings' } | { name: 'cohort' } | { name: 'compare'; a: number; b: number };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const study = /^study\/(\d+)$/.exec(path);
  if (study) return { name: 'study', id: Number(study[1]) };
  const compare = /^compare\/(\d+)\/(\d+)$/.exec(path);
  if (compare) return { name: 'compare', a: Number(compare[1]), b: Number(compare[2]) };
  if (path === 'import') return { name: 'import' };
  if (path === 'settings') return { name: 'settings' };
  if (path === 'cohort') return { name: 'cohort' };
  return { name: 'worklist' };
}

export function routeHash(r: Route): string {
  if (r.name === 'study') return `#/study/${r.id}`;
  if (r.name === 'compare') return `#/compare/${r.a}/${r.b}`;
  return `#/${r.name}`;
}

export class Router {
  route = $state<Route>({ name: 'worklist' });

  constructor(initialHash = '') {
    this.route = parseRoute(initialHash);
  }

  /** Follows a hash change (back/forward, a link). */
  sync(hash: string): void {
    this.route = parseRoute(hash);
  }
}
