import { ApiError } from '../../../lib/api-client';
import { rateText, sigmaProblems } from './detections';

test('false-positive rates read as percentages', () => {
  expect(rateText(0.125)).toBe('13 %');
  expect(rateText(0.042)).toBe('4.2 %');
  expect(rateText(0)).toBe('0 %');
  expect(rateText(null)).toBe('—');
});

test('only a 422 with pointers counts as Sigma problems', () => {
  const errors = [{ pointer: '/detection/sel/CommandLine|re', message: "modifier 're' is not supported" }];
  expect(sigmaProblems(new ApiError({ status: 422, errors }))).toEqual(errors);
  expect(sigmaProblems(new ApiError({ status: 403, detail: 'no' }))).toBeNull();
  expect(sigmaProblems(new Error('x'))).toBeNull();
});
