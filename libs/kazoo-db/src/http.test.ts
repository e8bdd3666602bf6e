import { couchEndpoint, redactedUrl } from './http';

test('couchEndpoint moves credentials from the URL into a Basic header (fetch refuses them in the URL)', () => {
  const ep = couchEndpoint(`http://admin:${encodeURIComponent('p@ss:/%x')}@127.0.0.1:15984/`);
  expect(ep.base).toBe('http://127.0.0.1:15984');
  expect(ep.headers.authorization).toBe(`Basic ${Buffer.from('admin:p@ss:/%x').toString('base64')}`);
  expect(couchEndpoint('http://127.0.0.1:15984').headers.authorization).toBeUndefined();
});

test('redactedUrl hides the password and keeps the rest', () => {
  expect(redactedUrl('http://admin:secret@couch:5984')).toBe('http://admin:***@couch:5984');
  expect(redactedUrl('http://127.0.0.1:15984/')).toBe('http://127.0.0.1:15984');
});
