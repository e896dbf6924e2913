import { useState } from 'react';
import { ApiError } from '../../lib/api-client';
import { explainProblem } from '../../lib/problems';
import { useSession } from './session';

export function SignIn() {
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="signin">
      <form
        className="card signin-card"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await signIn(username.trim(), password);
          } catch (err) {
            setError(
              err instanceof ApiError && err.status === 401
                ? 'The username or password is wrong.'
                : explainProblem(err),
            );
          } finally {
            setBusy(false);
          }
        }}
      >
        <h1>Vigil</h1>
        <p className="muted">Sign in to your security workspace.</p>
        <label>
          Username
          <input autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
