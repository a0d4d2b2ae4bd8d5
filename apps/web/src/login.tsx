import { type FormEvent, useState } from "react";
import { type Credentials, devToken, type WebConfig } from "./session.ts";

/**
 * Sign-in. In development the web chat's server mints a token for the user
 * id; otherwise the token comes from the business line's backend (which gets
 * it from POST /v1/tokens) and is pasted here or handed over by the host page.
 */
export function Login({ config, onSignedIn }: { config: WebConfig; onSignedIn: (c: Credentials) => void }) {
  const [uid, setUid] = useState("");
  const [token, setToken] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError("");
    setBusy(true);
    try {
      const user = uid.trim();
      onSignedIn({ uid: user, token: config.devTokens ? await devToken(user) : token.trim() });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form onSubmit={submit} aria-label="Sign in">
        <h1>Chat</h1>
        <label>
          User id
          <input value={uid} onChange={(e) => setUid(e.target.value)} required maxLength={64} autoComplete="username" />
        </label>
        {!config.devTokens && (
          <label>
            Token from your application
            <textarea value={token} onChange={(e) => setToken(e.target.value)} required rows={3} />
          </label>
        )}
        {config.devTokens && <p className="hint">Development mode: any user id signs in.</p>}
        {error && <p role="alert">{error}</p>}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
