import { fireEvent, render, screen, within } from '@testing-library/react';
import { StatusMenu } from './status-menu';

const options = () => within(screen.getByRole('menu', { name: 'next status' })).getAllByRole('menuitem').map((b) => b.textContent);

test('the menu offers only the statuses the incident may move to from new', () => {
  render(<StatusMenu status="new" onChoose={() => {}} />);
  fireEvent.click(screen.getByRole('button', { name: 'Change status ▾' }));
  expect(options()).toEqual(['acknowledged', 'in progress', 'contained', 'resolved…', 'closed…']);
});

test('work never goes back: contained offers in progress, resolved and closed, not new or acknowledged', () => {
  render(<StatusMenu status="contained" onChoose={() => {}} />);
  fireEvent.click(screen.getByRole('button', { name: 'Change status ▾' }));
  expect(options()).toEqual(['in progress', 'resolved…', 'closed…']);
});

test('a resolved incident can be reopened or closed, a closed one only reopened', () => {
  const { unmount } = render(<StatusMenu status="resolved" onChoose={() => {}} />);
  fireEvent.click(screen.getByRole('button', { name: 'Change status ▾' }));
  expect(options()).toEqual(['reopen', 'closed…']);
  unmount();
  render(<StatusMenu status="closed" onChoose={() => {}} />);
  fireEvent.click(screen.getByRole('button', { name: 'Change status ▾' }));
  expect(options()).toEqual(['reopen']);
});

test('a plain move is chosen at once', () => {
  const onChoose = vi.fn();
  render(<StatusMenu status="acknowledged" onChoose={onChoose} />);
  fireEvent.click(screen.getByRole('button', { name: 'Change status ▾' }));
  fireEvent.click(screen.getByRole('menuitem', { name: 'in progress' }));
  expect(onChoose).toHaveBeenCalledWith('in_progress');
  expect(screen.queryByRole('menu')).toBeNull();
});

test('resolved asks for a reason and sends nothing without one', () => {
  const onChoose = vi.fn();
  render(<StatusMenu status="in_progress" onChoose={onChoose} />);
  fireEvent.click(screen.getByRole('button', { name: 'Change status ▾' }));
  fireEvent.click(screen.getByRole('menuitem', { name: 'resolved…' }));
  const form = screen.getByRole('form', { name: 'resolved reason' });
  const submit = within(form).getByRole('button', { name: 'Mark resolved' }) as HTMLButtonElement;
  expect(submit.disabled).toBe(true);
  expect(onChoose).not.toHaveBeenCalled();
  fireEvent.click(within(form).getByLabelText('False positive'));
  fireEvent.click(submit);
  expect(onChoose).toHaveBeenCalledWith('resolved', 'false_positive');
  expect(screen.queryByRole('form', { name: 'resolved reason' })).toBeNull();
});
