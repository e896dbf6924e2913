import { render, screen } from '@testing-library/react';
import type { Incident } from '../api/incidents';
import { SlaCountdown, slaView } from './sla-countdown';

const now = Date.parse('2026-03-01T12:00:00Z');
const opened = '2026-03-01T11:00:00Z'; // an hour ago
const sla = { acknowledgeBy: null, containBy: null, resolveBy: null, breached: false, paused: false, breaches: 0, warnings: 0 };
const incident = (over: Partial<Pick<Incident, 'status' | 'sla'>>): Pick<Incident, 'status' | 'openedAt' | 'sla'> => ({
  status: 'new',
  openedAt: opened,
  ...over,
  sla: { ...sla, ...over.sla },
});

function shown(i: Pick<Incident, 'status' | 'openedAt' | 'sla'>) {
  const { container, unmount } = render(<SlaCountdown incident={i} now={now} />);
  const el = container.querySelector('.sla')!;
  const out = { tone: el.getAttribute('data-sla'), className: el.className, text: el.textContent };
  unmount();
  return out;
}

test('a new incident counts down to acknowledgeBy, green while more than a fifth is left', () => {
  // 60 min since opening, 30 min to go: a third of 90 min left
  const s = shown(incident({ sla: { ...sla, acknowledgeBy: '2026-03-01T12:30:00Z', resolveBy: '2026-03-02T11:00:00Z' } }));
  expect(s).toEqual({ tone: 'ok', className: 'sla sla-ok', text: 'ack in 30m 00s' });
});

test('amber with less than 20 % of the time left', () => {
  // 60 min gone, 10 min to go: 10/70 = 14 %
  expect(shown(incident({ sla: { ...sla, acknowledgeBy: '2026-03-01T12:10:00Z' } })).tone).toBe('warn');
  // exactly at the edge it is still green: 15/75 = 20 %
  expect(shown(incident({ sla: { ...sla, acknowledgeBy: '2026-03-01T12:15:00Z' } })).tone).toBe('ok');
});

test('amber as soon as the server raised a warning, even with time to spare', () => {
  const s = shown(incident({ status: 'acknowledged', sla: { ...sla, resolveBy: '2026-03-02T11:00:00Z', warnings: 1 } }));
  expect(s.tone).toBe('warn');
  expect(s.className).toContain('sla-warn');
});

test('after acknowledging, the clock that counts is resolveBy', () => {
  const s = shown(incident({ status: 'in_progress', sla: { ...sla, acknowledgeBy: null, resolveBy: '2026-03-02T11:00:00Z' } }));
  expect(s.text).toBe('resolve in 23h 00m');
  expect(s.tone).toBe('ok');
});

test('red when breached, and red when overdue before the server says so', () => {
  const breached = shown(incident({ status: 'acknowledged', sla: { ...sla, resolveBy: '2026-03-02T11:00:00Z', breached: true, breaches: 1 } }));
  expect(breached.tone).toBe('breach');
  expect(breached.className).toContain('sla-breach');
  const overdue = shown(incident({ sla: { ...sla, acknowledgeBy: '2026-03-01T11:59:30Z' } }));
  expect(overdue).toEqual({ tone: 'breach', className: 'sla sla-breach', text: 'ack overdue by 30s' });
});

test('"paused" while the clocks are paused, whatever is left', () => {
  render(<SlaCountdown incident={incident({ sla: { ...sla, paused: true, breached: true } })} now={now} />);
  const el = screen.getByText('paused');
  expect(el.className).toBe('sla sla-paused');
});

test('a resolved incident has no countdown; one without a target says so', () => {
  expect(slaView(incident({ status: 'resolved' }), now)).toEqual({ tone: 'none', clock: null, text: '—' });
  expect(slaView(incident({ status: 'new' }), now).text).toBe('no target');
});
