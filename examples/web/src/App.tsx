import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useMemo, useState } from 'react';
import { createApolloClient } from './apollo';
import { AuthPanel } from './AuthPanel';
import { Bulk } from './Bulk';
import { Compose } from './Compose';
import { ConversationView } from './ConversationView';
import { History } from './History';
import { hrefOf, useRoute } from './routes';

const TOKEN_KEY = 'gateway-token';

export function App() {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY));
  // A new credential is a new client: no answer cached for one person is shown to another.
  const client = useMemo(() => createApolloClient(token), [token]);
  useEffect(() => () => void client.stop(), [client]);
  const route = useRoute();
  const changeToken = (next: string | null) => {
    if (next) sessionStorage.setItem(TOKEN_KEY, next);
    else sessionStorage.removeItem(TOKEN_KEY);
    setToken(next);
  };

  return (
    <ApolloProvider client={client}>
      <header>
        <h1>Messages</h1>
        <nav>
          <a href={hrefOf({ page: 'compose' })} aria-current={route.page === 'compose'}>
            Compose
          </a>
          <a href={hrefOf({ page: 'history' })} aria-current={route.page === 'history'}>
            History
          </a>
          <a href={hrefOf({ page: 'bulk', batchId: null })} aria-current={route.page === 'bulk'}>
            Bulk
          </a>
        </nav>
        <AuthPanel token={token} onChange={changeToken} />
      </header>
      <main>
        {route.page === 'compose' ? <Compose /> : null}
        {route.page === 'history' ? <History /> : null}
        {route.page === 'bulk' ? <Bulk batchId={route.batchId} /> : null}
        {route.page === 'conversation' ? (
          <ConversationView key={route.messageId} messageId={route.messageId} />
        ) : null}
      </main>
    </ApolloProvider>
  );
}
