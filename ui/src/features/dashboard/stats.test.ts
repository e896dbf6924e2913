import { breachesSeries, failureRate, meanTimeToDecision, runsByDay } from './stats';

test('runs are counted per day and status, including empty days', () => {
  const now = new Date(2026, 10, 21, 12);
  const rows = runsByDay(
    [
      { status: 'succeeded', startedAt: new Date(2026, 10, 21, 9).toISOString() },
      { status: 'failed', startedAt: new Date(2026, 10, 21, 10).toISOString() },
      { status: 'succeeded', startedAt: new Date(2026, 10, 19, 10).toISOString() },
      { status: 'succeeded', startedAt: new Date(2026, 9, 1).toISOString() },
    ],
    3,
    now,
  );
  expect(rows.map((r) => r.day)).toEqual(['2026-11-19', '2026-11-20', '2026-11-21']);
  expect(rows[0].counts).toEqual({ succeeded: 1 });
  expect(rows[1].counts).toEqual({});
  expect(rows[2].counts).toEqual({ succeeded: 1, failed: 1 });
});

test('failure rate counts only finished runs', () => {
  expect(failureRate([{ status: 'running', startedAt: '' }])).toBeNull();
  expect(
    failureRate([
      { status: 'succeeded', startedAt: '' },
      { status: 'rolled_back', startedAt: '' },
      { status: 'running', startedAt: '' },
      { status: 'succeeded', startedAt: '' },
    ]),
  ).toBeCloseTo(1 / 3);
});

test('mean time to decision ignores undecided approvals', () => {
  expect(
    meanTimeToDecision([
      { openedAt: '2026-01-01T10:00:00Z', decidedAt: '2026-01-01T10:02:00Z' },
      { openedAt: '2026-01-01T10:00:00Z', decidedAt: '2026-01-01T10:04:00Z' },
      { openedAt: '2026-01-01T10:00:00Z', decidedAt: null },
    ]),
  ).toBe(180_000);
  expect(meanTimeToDecision([])).toBeNull();
});

test('breaches fill the days without any, oldest first, by UTC day', () => {
  const now = new Date('2026-11-21T23:30:00Z');
  const rows = breachesSeries(
    [
      { day: '2026-11-19', breaches: 2 },
      { day: '2026-11-21', breaches: 1 },
      { day: '2026-10-01', breaches: 9 },
    ],
    3,
    now,
  );
  expect(rows).toEqual([
    { day: '2026-11-19', breaches: 2 },
    { day: '2026-11-20', breaches: 0 },
    { day: '2026-11-21', breaches: 1 },
  ]);
});
