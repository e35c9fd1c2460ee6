/** A small route table: `METHOD /path/:param` patterns, matched segment by segment. */
export interface RouteMatch<H> {
  readonly key: string;
  readonly handler: H;
  readonly params: Record<string, string>;
}

interface Route<H> {
  readonly key: string;
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: H;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(key: string, handler: H): this {
    const [method, path] = key.split(' ') as [string, string];
    this.routes.push({ key, method, segments: path.split('/').filter(Boolean), handler });
    return this;
  }

  /** Every route's key, e.g. `GET /contacts/:id`, in the order they were added. */
  get keys(): string[] {
    return this.routes.map((route) => route.key);
  }

  match(method: string, path: string): RouteMatch<H> | undefined {
    const segments = path.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matched = route.segments.every((pattern, index) => {
        const segment = segments[index] as string;
        if (pattern.startsWith(':')) {
          params[pattern.slice(1)] = decodeURIComponent(segment);
          return true;
        }
        return pattern === segment;
      });
      if (matched) return { key: route.key, handler: route.handler, params };
    }
    return undefined;
  }
}
