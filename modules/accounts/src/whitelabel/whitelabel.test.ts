import { isKazooError } from '@tollgate/errors';
import { signupFields } from '../signup/signup';
import { renderMail } from './mail-templates';
import { sniffImage, sniffWelcome } from './sniff-type';
import { whitelabelFields } from './whitelabel';
import { uploadType } from './whitelabel-attachments';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

function refusal(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    if (isKazooError(err)) return err.data as Record<string, unknown>;
    throw err;
  }
  throw new Error('not refused');
}

test('images are typed by their first bytes, whatever they are called', () => {
  expect(sniffImage(PNG)).toBe('image/png');
  expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('image/jpeg');
  expect(sniffImage(Buffer.from('GIF87a....'))).toBe('image/gif');
  expect(sniffImage(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
  expect(sniffImage(Buffer.from('\uFEFF <?xml version="1.0"?><!-- c --><!DOCTYPE svg><svg viewBox="0 0 1 1"/>'))).toBe('image/svg+xml');
  expect(sniffImage(Buffer.from('<html><svg></svg></html>'))).toBeUndefined();
  expect(sniffImage(Buffer.from('GIF89'))).toBeUndefined();
  expect(sniffWelcome(Buffer.from('<p>héllo</p>'))).toBe('text/html');
  expect(sniffWelcome(Buffer.from([0xc3, 0x28]))).toBeUndefined();
  expect(sniffWelcome(PNG)).toBeUndefined();
});

test('an upload whose declared type contradicts its content, or of the wrong kind, is refused on `file`', () => {
  expect(uploadType('logo', PNG, 'image/png')).toBe('image/png');
  expect(uploadType('logo', PNG, 'application/octet-stream')).toBe('image/png');
  expect(refusal(() => uploadType('logo', PNG, 'image/gif'))).toHaveProperty('file.type');
  expect(refusal(() => uploadType('logo', Buffer.from([0, 0, 1, 0, 1, 0, 16, 16]), ''))).toHaveProperty('file.enum');
  expect(uploadType('icon', Buffer.from([0, 0, 1, 0, 1, 0, 16, 16]), 'image/vnd.microsoft.icon')).toBe('image/x-icon');
  expect(refusal(() => uploadType('welcome', PNG, 'text/html'))).toHaveProperty('file.enum');
  expect(refusal(() => uploadType('logo', Buffer.alloc(0), 'image/png'))).toHaveProperty('file.required');
});

test('whitelabel fields: Kazoo defaults, lower-cased domain, patch merges, colours and views checked', () => {
  const fields = whitelabelFields(undefined, { domain: 'A.Example.COM', pvt_whitelabel_domain: 'x', branding: { colors: { text: '#ABCDEF' } } }, 'create');
  expect(fields).toMatchObject({ domain: 'a.example.com', hide_powered: false, hide_registration: false, hide_credits: false });
  expect(fields).not.toHaveProperty('pvt_whitelabel_domain');
  const existing = { _id: 'whitelabel', ...fields };
  expect(whitelabelFields(existing, { branding: { title: 'T' } }, 'patch')).toMatchObject({ domain: 'a.example.com', branding: { title: 'T', colors: { text: '#ABCDEF' } } });
  expect(whitelabelFields(existing, { company_name: 'C' }, 'replace')).not.toHaveProperty('domain');
  const bad = refusal(() =>
    whitelabelFields(undefined, { domain: 'not a domain', branding: { colors: { background: '#12345' }, buttons: { delete: { text: 'blue' } }, login: { logo_url: 'javascript:alert(1)' } } }, 'create'),
  );
  expect(Object.keys(bad).sort()).toEqual(['branding.buttons.delete.text', 'branding.colors.background', 'branding.login.logo_url', 'domain']);
  expect(Object.keys(refusal(() => whitelabelFields(undefined, { signup: { required_fields: ['shoe_size'] } }, 'create')))).toEqual(['signup.required_fields.0']);
});

test('mail templates: the reseller one where it has one, the built-in otherwise; HTML values escaped, no header injection', () => {
  const wl = { _id: 'whitelabel', company_name: 'Acme', messages: { password_recovery: { subject: 'Reset {{username}}\r\nBcc: x@y', html: '<a href="{{link}}">{{first_name}}</a>' } } };
  const mail = renderMail(wl, 'password_recovery', { username: 'bob', first_name: '<i>Bob</i>', link: 'https://a.example/?recovery=k&x="y"' });
  expect(mail.subject).not.toMatch(/[\r\n]/);
  expect(mail.html).toBe('<a href="https://a.example/?recovery=k&#38;x=&#34;y&#34;">&#60;i&#62;Bob&#60;/i&#62;</a>');
  expect(mail.text).toContain('https://a.example/?recovery=k&x="y"');
  const plain = renderMail(undefined, 'signup_waiting', { first_name: 'Nina', account_name: 'Nina Co', username: 'n@x.example' });
  expect(plain.subject).toBe('Your Tollgate account is awaiting activation');
  expect(plain.text).toMatch(/Hello Nina,/);
  expect(plain.html).toBeUndefined();
  expect(renderMail(wl, 'signup_waiting', {}).subject).toBe('Your Acme account is awaiting activation');
});

test("signup fields: e-mail and password always, the reseller's required ones on top, all missing ones named together", () => {
  const wl = { _id: 'whitelabel', signup: { required_fields: ['company', 'phone'] } };
  expect(Object.keys(refusal(() => signupFields({ email: 'a@b.example', password: 'long-enough' }, wl))).sort()).toEqual(['company', 'phone']);
  expect(Object.keys(refusal(() => signupFields({ company: 'C' }, wl))).sort()).toEqual(['email', 'password', 'phone']);
  expect(signupFields({ email: 'A@B.example', password: 'long-enough', company: 'C', phone: '+1 415 555 0100', domain: 'x.example' }, wl)).toEqual({
    email: 'a@b.example',
    password: 'long-enough',
    company: 'C',
    phone: '+1 415 555 0100',
  });
  expect(Object.keys(refusal(() => signupFields({ email: 'a@b.example', password: 'long-enough', shoe_size: 44 }, undefined)))).toEqual(['shoe_size']);
});
