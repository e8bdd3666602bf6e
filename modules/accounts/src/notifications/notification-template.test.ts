import { DEFAULT_LOW_BALANCE, lowBalanceMacros, prettyDollars, renderNotification, renderTemplate, templateOf, withKazooMacros } from './notification-template';

const macros = lowBalanceMacros({
  account: { id: 'a'.repeat(32), name: 'Acme <Ltd>', realm: 'acme.example' },
  user: { first_name: 'Jane', last_name: 'Doe' },
  balanceUnits: 42_500,
  thresholdUnits: 100_000,
});

test("the seed's placeholders are Kazoo's macros: [firstname] [lastname] [balance] [threshold]", () => {
  expect(withKazooMacros('Hi [firstname] [LastName], [balance] < [threshold]')).toBe('Hi {{user.first_name}} {{user.last_name}}, {{current_balance}} < {{threshold}}');
  expect(renderTemplate('Hi [firstname] [lastname], your balance is [balance] (under [threshold]).', macros)).toBe('Hi Jane Doe, your balance is $4.25 (under $10.00).');
  expect(renderTemplate('{{ account.name }} / {{account.id}} / {{no.such}}', macros)).toBe(`Acme <Ltd> / ${'a'.repeat(32)} / `);
});

test('the HTML body is escaped, the text body and subject are not', () => {
  const mail = renderNotification({ ...DEFAULT_LOW_BALANCE, subject: '[firstname]: {{account.name}}', html: '<b>{{account.name}}</b> [balance]' }, macros);
  expect(mail).toMatchObject({ subject: 'Jane: Acme <Ltd>', html: '<b>Acme &lt;Ltd&gt;</b> $4.25' });
  expect(mail.text).toContain('The balance of account Acme <Ltd> is $4.25, below $10.00.');
});

test('dollars as Kazoo prints them; a stored template takes what it lacks from the one it overrides', () => {
  expect([prettyDollars(10_000), prettyDollars(-32_500), prettyDollars(1)]).toEqual(['$1.00', '-$3.25', '$0.00']);
  const t = templateOf({ subject: 'Low: [balance]', to: { type: 'specified', email_addresses: ['ops@client.example'] } });
  expect(t).toMatchObject({ subject: 'Low: [balance]', to: { type: 'specified', email_addresses: ['ops@client.example'] }, plain: DEFAULT_LOW_BALANCE.plain, enabled: true });
  expect(templateOf({ enabled: false }).enabled).toBe(false);
});
