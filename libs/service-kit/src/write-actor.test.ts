import { currentWriteActor, runAsWriteActor, stampWriteActor } from './write-actor';

test('writes inside a request are stamped with the login and, for an impersonation, the impersonator', async () => {
  const doc = { _id: 'x', pvt_original_auth_account_id: 'old', name: 'n' };
  expect(stampWriteActor(doc)).toBe(doc);
  const plain = await runAsWriteActor({ accountId: 'acc', ownerId: 'usr' }, async () => stampWriteActor(doc));
  expect(plain).toEqual({ _id: 'x', name: 'n', pvt_auth_account_id: 'acc', pvt_auth_user_id: 'usr' });
  const imp = await runAsWriteActor({ accountId: 'acc', ownerId: 'usr', originalAccountId: 'boss-acc', originalOwnerId: 'boss' }, async () => {
    await Promise.resolve();
    return stampWriteActor({ _id: 'y' });
  });
  expect(imp).toEqual({ _id: 'y', pvt_auth_account_id: 'acc', pvt_auth_user_id: 'usr', pvt_original_auth_account_id: 'boss-acc', pvt_original_auth_owner_id: 'boss' });
  expect(stampWriteActor({ _id: '_design/x' }, { accountId: 'a' })).toEqual({ _id: '_design/x' });
});

test('work a request started that outlives it stamps nothing', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let after: Promise<unknown> = Promise.resolve('not started');
  await runAsWriteActor({ accountId: 'acc' }, async () => {
    expect(currentWriteActor()).toEqual({ accountId: 'acc' });
    // a continuation started by the request (it inherits the request's context) that runs after the answer
    after = gate.then(() => currentWriteActor());
  });
  release();
  expect(await after).toBeUndefined();
  expect(currentWriteActor()).toBeUndefined();
});
