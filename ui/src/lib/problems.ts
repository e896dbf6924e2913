import { ApiError } from './api-client';

/** A refusal explained in words a person can act on, not an error code. */
export function explainProblem(e: unknown): string {
  if (!(e instanceof ApiError)) return 'Something went wrong. Try again.';
  const detail = e.problem.detail ?? '';
  switch (e.kind) {
    case 'four-eyes':
      return 'You started this run, so another person has to approve it (four-eyes rule).';
    case 'not-an-approver':
    case 'not-allowed':
      return `This approval is for other people: ${detail}`;
    case 'forbidden':
      return `Your role does not allow this. ${detail.replace(/^your role/, 'Your role')}`;
    case 'duplicate-vote':
      return 'You have already voted on this approval.';
    case 'not-waiting':
      return 'This approval is no longer waiting: someone decided it or the run moved on.';
    case 'unauthenticated':
      return 'Your session has ended. Sign in again.';
    case 'csrf':
      return 'Your session expired its security token. Reload the page and sign in again.';
    case 'locked':
      return 'Too many failed sign-ins: the account is locked for a while. ' + detail;
    case 'rate-limited':
      return 'Too many attempts. ' + detail;
    case 'not-found':
      return 'Not found — it may belong to another tenant or no longer exist.';
    case 'plan-limit':
    case 'plan-module':
      return `${detail.charAt(0).toUpperCase()}${detail.slice(1)}. Owners and billing admins change the plan under Settings › Billing.`;
    case 'upstream-failed':
      return detail ? `${detail.charAt(0).toUpperCase()}${detail.slice(1)}.` : 'A service Vigil calls failed.';
    case 'validation':
      return e.problem.errors?.length
        ? e.problem.errors.map((f) => `${f.pointer || '/'}: ${f.message}`).join('; ')
        : detail;
    default:
      if (e.status === 0) return detail;
      if (e.status === 409 && e.problem.allowed) {
        const now = e.problem.allowed.length ? e.problem.allowed.map((s) => s.replace('_', ' ')).join(', ') : 'nothing';
        // The server's own "; allowed: [a, b]" is said again in words.
        const why = detail.replace(/[;.]?\s*allowed:\s*\[[^\]]*\]\s*$/i, '');
        const said = why ? `${why.charAt(0).toUpperCase()}${why.slice(1)}${/[.!?]$/.test(why) ? '' : '.'}` : 'Not allowed from here.';
        return `${said} Allowed now: ${now}.`;
      }
      if (e.status >= 500) return 'Vigil had an internal error. The server log has the details.';
      return detail || `The request failed (HTTP ${e.status}).`;
  }
}
