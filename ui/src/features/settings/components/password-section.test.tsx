import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeApi } from '../../../test/fake-api';
import { PasswordSection } from './password-section';

afterEach(() => vi.unstubAllGlobals());

const fill = (form: HTMLElement, current: string, next: string, again: string) => {
  fireEvent.change(within(form).getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(within(form).getByLabelText('New password'), { target: { value: next } });
  fireEvent.change(within(form).getByLabelText('New password again'), { target: { value: again } });
  fireEvent.click(within(form).getByRole('button', { name: 'Change password' }));
};

test('a mistyped repetition is caught before anything is sent; the server refusal is said in words', async () => {
  let n = 0;
  const api = fakeApi({
    'POST /api/v1/me/password': () =>
      ++n === 1
        ? { status: 422, body: { type: 'https://vigil.dev/problems/validation', errors: [{ pointer: '/newPassword', message: 'is at least 12 characters' }] } }
        : { status: 200, body: {} }, // the fake cannot answer 204; the real answer has no body either way
  });
  render(<PasswordSection />);
  const form = screen.getByRole('form', { name: 'change your password' });
  fill(form, 'old-pass', 'new-one', 'new-ONE');
  expect((await within(form).findByRole('alert')).textContent).toBe('The new password and its repetition differ.');
  expect(api.calls).toHaveLength(0);
  fill(form, 'old-pass', 'short', 'short');
  expect((await within(form).findByRole('alert')).textContent).toContain('/newPassword: is at least 12 characters');
  fill(form, 'old-pass', 'a-much-longer-passphrase', 'a-much-longer-passphrase');
  await within(form).findByText('Your password is changed.');
  expect(api.posts()[1].body).toEqual({ currentPassword: 'old-pass', newPassword: 'a-much-longer-passphrase' });
});
