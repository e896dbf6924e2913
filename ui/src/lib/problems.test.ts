import { ApiError } from './api-client';
import { explainProblem } from './problems';

const problem = (type: string, status: number, detail = '') =>
  new ApiError({ type: `https://vigil.dev/problems/${type}`, status, detail });

test('four-eyes and permission refusals are explained in words', () => {
  expect(explainProblem(problem('four-eyes', 403))).toMatch(/another person has to approve/);
  expect(
    explainProblem(problem('forbidden', 403, "your role [viewer] in tenant 'default' does not allow approval.decide")),
  ).toMatch(/Your role does not allow this\. Your role \[viewer\]/);
  expect(explainProblem(problem('not-waiting', 409))).toMatch(/no longer waiting/);
});

test('validation problems list every pointer', () => {
  const e = new ApiError({
    status: 422,
    type: 'https://vigil.dev/problems/validation',
    errors: [
      { pointer: '/steps/0/action', message: "unknown action 'core.lgo'" },
      { pointer: '/key', message: 'required' },
    ],
  });
  expect(explainProblem(e)).toBe("/steps/0/action: unknown action 'core.lgo'; /key: required");
});

test('server errors never show internals', () => {
  expect(explainProblem(problem('internal', 500, 'NullPointerException at x'))).not.toMatch(/Null/);
});

test('a refused transition says which statuses are allowed now', () => {
  const e = new ApiError({
    status: 409,
    type: 'https://vigil.dev/problems/illegal-transition',
    detail: 'an incident that is contained cannot become acknowledged; allowed: [in_progress, resolved, closed]',
    allowed: ['in_progress', 'resolved', 'closed'],
  });
  expect(explainProblem(e)).toBe('An incident that is contained cannot become acknowledged. Allowed now: in progress, resolved, closed.');
});
