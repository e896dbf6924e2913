import { render } from '@testing-library/react';
import { Markdown, safeHref } from './markdown';

const html = (text: string) => render(<Markdown text={text} />).container.querySelector('.markdown')!;

test('HTML in a comment is shown as text, never parsed', () => {
  const el = html('<script>alert(1)</script> and <img src=x onerror="alert(2)"> <b>bold?</b>');
  expect(el.querySelector('script, img, b')).toBeNull();
  expect(el.textContent).toBe('<script>alert(1)</script> and <img src=x onerror="alert(2)"> <b>bold?</b>');
  expect(el.innerHTML).toContain('&lt;script&gt;');
});

test('paragraphs, line breaks, code and bold', () => {
  const el = html('Blocked **203.0.113.7** with `iptables -A`.\nSecond line.\n\nNew paragraph by @ana');
  const ps = el.querySelectorAll('p');
  expect(ps).toHaveLength(2);
  expect(ps[0].querySelector('strong')!.textContent).toBe('203.0.113.7');
  expect(ps[0].querySelector('code')!.textContent).toBe('iptables -A');
  expect(ps[0].querySelectorAll('br')).toHaveLength(1);
  expect(ps[1].textContent).toBe('New paragraph by @ana');
});

test('code is literal: no bold or links inside it', () => {
  const el = html('`**not bold** https://example.com`');
  expect(el.querySelector('strong, a')).toBeNull();
  expect(el.querySelector('code')!.textContent).toBe('**not bold** https://example.com');
});

test('only http(s) links become anchors, opened safely', () => {
  const el = html('[ticket](https://tickets.example.com/T-1) [bad](javascript:alert(1)) [data](data:text/html,x) see http://intranet.example/x.');
  const links = [...el.querySelectorAll('a')];
  expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://tickets.example.com/T-1', 'http://intranet.example/x']);
  expect(links[0].textContent).toBe('ticket');
  expect(links[0].getAttribute('rel')).toContain('noopener');
  expect(el.textContent).toContain('[bad](javascript:alert(1))');
  expect(el.textContent).toContain('[data](data:text/html,x)');
  expect(el.textContent).toMatch(/x\.$/); // the full stop is not part of the address
});

test('safeHref refuses every other scheme and relative addresses', () => {
  expect(safeHref('https://a.example/')).toBe('https://a.example/');
  expect(safeHref('JavaScript:alert(1)')).toBeNull();
  expect(safeHref('/incidents/1')).toBeNull();
  expect(safeHref('vbscript:x')).toBeNull();
});
