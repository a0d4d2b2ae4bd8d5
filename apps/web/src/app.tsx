import { useEffect, useMemo, useState } from "react";
import { ChatScreen } from "./chat-screen.tsx";
import { Login } from "./login.tsx";
import { type Credentials, createSession, loadConfig, savedCredentials, type WebConfig } from "./session.ts";

/** Loads the config, then shows the sign-in form or the chat. */
export function App() {
  const [config, setConfig] = useState<WebConfig | null>(null);
  const [error, setError] = useState("");
  const [credentials, setCredentials] = useState<Credentials | null>(() => savedCredentials.load());

  useEffect(() => {
    loadConfig()
      .then(setConfig)
      .catch((err: Error) => setError(err.message));
  }, []);

  const session = useMemo(
    () => (config && credentials ? createSession(config, credentials) : null),
    [config, credentials],
  );

  if (error) return <p role="alert">Cannot load the chat: {error}</p>;
  if (!config) return <p className="center">Loading…</p>;
  if (!session)
    return (
      <Login
        config={config}
        onSignedIn={(c) => {
          savedCredentials.save(c);
          setCredentials(c);
        }}
      />
    );
  return (
    <ChatScreen
      key={session.uid}
      session={session}
      onSignOut={() => {
        savedCredentials.clear();
        setCredentials(null);
      }}
    />
  );
}
