import { useState } from 'react';

/** The claims worth showing from a JWT (read, not verified: the gateway verifies it). */
function claimsOf(token: string): string {
  try {
    const payload = JSON.parse(
      atob(token.split('.')[1]?.replace(/-/g, '+').replace(/_/g, '/') ?? ''),
    );
    return `${payload.sub ?? '?'} (${payload.scope ?? 'no scope'})`;
  } catch {
    return 'a token that is not a JWT';
  }
}

/** Paste a token to act as someone; without one, the gateway must run with GATEWAY_AUTH=none. */
export function AuthPanel(props: {
  readonly token: string | null;
  readonly onChange: (token: string | null) => void;
}) {
  const [draft, setDraft] = useState('');
  return (
    <form
      className="auth"
      aria-label="Credentials"
      onSubmit={(event) => {
        event.preventDefault();
        props.onChange(draft.trim() || null);
        setDraft('');
      }}
    >
      <span className="who">
        {props.token ? `Signed in as ${claimsOf(props.token)}` : 'No token (GATEWAY_AUTH=none)'}
      </span>
      <input
        aria-label="Token"
        placeholder="Paste a JWT or API key"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit">Use token</button>
      {props.token ? (
        <button type="button" onClick={() => props.onChange(null)}>
          Sign out
        </button>
      ) : null}
    </form>
  );
}
