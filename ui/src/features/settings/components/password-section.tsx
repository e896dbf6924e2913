import { useState } from 'react';
import { api } from '../../../lib/api-client';
import { explainProblem } from '../../../lib/problems';

/** Your own password: the current one, then the new one twice (checked here before it is sent). */
export function PasswordSection() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const change = async (e: React.FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setDone(false);
    if (next !== again) {
      setProblem('The new password and its repetition differ.');
      return;
    }
    try {
      await api.post('/api/v1/me/password', { currentPassword: current, newPassword: next });
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (x) {
      setProblem(explainProblem(x));
    }
  };

  return (
    <form className="card" aria-label="change your password" onSubmit={change}>
      <h2>Your password</h2>
      <div className="form-row">
        <label>
          Current password
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label>
          New password
          <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required />
        </label>
        <label>
          New password again
          <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
        </label>
      </div>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {done && (
        <p className="notice" role="status">
          Your password is changed.
        </p>
      )}
      <button type="submit">Change password</button>
    </form>
  );
}
