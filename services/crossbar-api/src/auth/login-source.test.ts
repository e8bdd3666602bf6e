import { loginSourceKey } from './login-source';

test('IPv4 addresses count as themselves, also when IPv4-mapped', () => {
  expect(loginSourceKey('127.0.0.2')).toBe('127.0.0.2');
  expect(loginSourceKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
  expect(loginSourceKey('::FFFF:192.0.2.7')).toBe('192.0.2.7');
});

test('IPv6 addresses count per /64, however they are written', () => {
  const key = '2001:db8:aa:1::/64';
  expect(loginSourceKey('2001:db8:aa:1::1')).toBe(key);
  expect(loginSourceKey('2001:0db8:00aa:0001:ffff:1:2:3')).toBe(key);
  expect(loginSourceKey('2001:db8:aa:1:dead:beef:0:1%eth0')).toBe(key);
  expect(loginSourceKey('2001:db8:aa:2::1')).not.toBe(key);
  expect(loginSourceKey('::1')).toBe('0:0:0:0::/64');
  expect(loginSourceKey('2001:db8::')).toBe('2001:db8:0:0::/64');
  expect(loginSourceKey('64:ff9b::192.0.2.7')).toBe('64:ff9b:0:0::/64');
});

test('no address is one source of its own', () => {
  expect(loginSourceKey(undefined)).toBe('unknown');
});
