// Matches a request to a route by path template; knows which methods a path allows (405, OPTIONS).
import type { Method, RouteSpec } from './types';

interface Compiled {
  spec: RouteSpec;
  regex: RegExp;
  names: string[];
  /** Literal segments count, so '/v2/rates/number/:n' beats '/v2/rates/:id'. */
  specificity: number;
}

export interface Match {
  spec: RouteSpec;
  params: Record<string, string>;
}

export class Router {
  private readonly routes: Compiled[] = [];

  add(spec: RouteSpec): void {
    const names: string[] = [];
    const segments = spec.path.split('/').filter(Boolean);
    const pattern = segments
      .map((seg) => {
        if (seg.startsWith(':')) {
          names.push(seg.slice(1));
          return '/([^/]+)';
        }
        return `/${seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      })
      .join('');
    const specificity = segments.filter((s) => !s.startsWith(':')).length;
    this.routes.push({ spec, regex: new RegExp(`^${pattern}/?$`), names, specificity });
    this.routes.sort((a, b) => b.specificity - a.specificity);
  }

  private matches(path: string): { all: Match[]; malformed: boolean } {
    const all: Match[] = [];
    let malformed = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      const decoded = r.names.every((n, i) => {
        const value = decodeParam(m[i + 1]);
        if (value !== undefined) params[n] = value;
        return value !== undefined;
      });
      if (decoded) all.push({ spec: r.spec, params });
      else malformed = true;
    }
    return { all, malformed };
  }

  /**
   * The route for this method and path; `allowed` lists the methods the path has otherwise;
   * `malformed` says a template matched but a segment had a broken %-escape (`%ZZ`).
   */
  find(method: Method, path: string): { match?: Match; allowed: Method[]; malformed: boolean } {
    const { all, malformed } = this.matches(path);
    const allowed = [...new Set(all.map((m) => m.spec.method))];
    // The most specific template that has this method wins.
    return { match: all.find((m) => m.spec.method === method), allowed, malformed };
  }
}

function decodeParam(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
