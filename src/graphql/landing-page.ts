import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Explorer } from '../config';

/**
 * Apollo Sandbox's page, which loads Sandbox from Apollo's CDN, with one more script: where
 * that script could not load (offline, air-gapped, a strict proxy), the browser goes to the
 * self-hosted explorer instead of a page that says it cannot load.
 */
function sandboxFallingBackTo(fallbackPath: string): ApolloServerPlugin {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false });
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!listener || !render) return listener;
      return {
        ...listener,
        async renderLandingPage() {
          const page = await render.call(listener);
          return {
            html: async () =>
              withFallback(typeof page.html === 'string' ? page.html : await page.html()),
          };
        },
      };
    },
  };

  function withFallback(html: string): string {
    // Apollo's page allows scripts by nonce (its Content-Security-Policy): this one uses it too.
    const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(html)?.[1];
    if (nonce === undefined) return html;
    const script = `<script nonce="${nonce}">if (!window.EmbeddedSandbox) window.location.replace(${JSON.stringify(fallbackPath)});</script>`;
    return html.replace('</body>', `${script}\n  </body>`);
  }
}

/** The page a browser gets at /graphql, as GATEWAY_EXPLORER says. */
export function landingPagePlugin(explorer: Explorer, graphiqlPath: string): ApolloServerPlugin {
  // `graphiql` is served by the gateway's HTTP layer before Apollo sees the request.
  return explorer === 'sandbox'
    ? sandboxFallingBackTo(graphiqlPath)
    : ApolloServerPluginLandingPageDisabled();
}
