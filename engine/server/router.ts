/** A small router: static paths by map lookup, `{param}` paths by segment match; 404 and 405 as JSON. */
import type { Access } from './auth.ts';
import { ApiError } from './http.ts';

export type Handler<C> = (ctx: C, params: Record<string, string>) => Response | Promise<Response>;

export interface RouteSpec<C> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  access: Access;
  summary: string;
  handler: Handler<C>;
}

export interface Match<C> {
  route: RouteSpec<C>;
  params: Record<string, string>;
}

export class Router<C> {
  private readonly fixed = new Map<string, Map<string, RouteSpec<C>>>();
  private readonly patterned: { segments: string[]; byMethod: Map<string, RouteSpec<C>> }[] = [];

  constructor(readonly routes: readonly RouteSpec<C>[]) {
    for (const route of routes) {
      if (!route.path.includes('{')) {
        const m = this.fixed.get(route.path) ?? new Map();
        m.set(route.method, route);
        this.fixed.set(route.path, m);
      } else {
        const segments = route.path.split('/');
        let entry = this.patterned.find((p) => p.segments.join('/') === route.path);
        if (!entry) this.patterned.push((entry = { segments, byMethod: new Map() }));
        entry.byMethod.set(route.method, route);
      }
    }
  }

  match(method: string, path: string): Match<C> {
    const fixed = this.fixed.get(path);
    if (fixed) return pick(fixed, method, path, {});
    const parts = path.split('/');
    for (const { segments, byMethod } of this.patterned) {
      if (segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const s = segments[i]!;
        const p = parts[i]!;
        if (s.startsWith('{')) {
          if (p === '') ok = false;
          else params[s.slice(1, -1)] = safeDecode(p);
        } else if (s !== p) ok = false;
      }
      if (ok) return pick(byMethod, method, path, params);
    }
    throw new ApiError(404, 'not_found', `no route for ${method} ${path}`);
  }
}

function pick<C>(byMethod: Map<string, RouteSpec<C>>, method: string, path: string, params: Record<string, string>): Match<C> {
  const route = byMethod.get(method) ?? (method === 'HEAD' ? byMethod.get('GET') : undefined);
  if (route) return { route, params };
  const allow = [...byMethod.keys()].join(', ');
  throw new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${path}; allowed: ${allow}`, { allow: [...byMethod.keys()] }, { allow });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(400, 'invalid_path', `malformed percent-encoding in path segment "${segment}"`);
  }
}
