import { runBusContract } from './bus-contract';
import { LocalBroker } from './local-broker';
import { createLocalBus } from './local-bus';

const broker = new LocalBroker();
runBusContract('local', () => createLocalBus({ appName: 'kazoo-bus-test', appVersion: '0.0.1', broker }));

describe('local bus specifics', () => {
  test('delivery is never synchronous with publish', async () => {
    const bus = createLocalBus({ appName: 'kazoo-bus-test', appVersion: '0.0.1', broker: new LocalBroker() });
    let delivered = false;
    let resolveSeen!: () => void;
    const seen = new Promise<void>((resolve) => {
      resolveSeen = resolve;
    });
    await bus.consume({ bindings: [{ exchange: 'nodes', routingKey: '' }] }, () => {
      delivered = true;
      resolveSeen();
    });
    const published = bus.publish('nodes', 'anything', { 'Event-Category': 'nodes' });
    expect(delivered).toBe(false);
    await published;
    await seen;
    await bus.close();
  });

  test('an exclusive queue belongs to one bus', async () => {
    const isolated = new LocalBroker();
    const a = createLocalBus({ appName: 'kazoo-bus-test', appVersion: '0.0.1', broker: isolated });
    const b = createLocalBus({ appName: 'kazoo-bus-test', appVersion: '0.0.1', broker: isolated });
    const spec = { queue: 'mine', exclusive: true, bindings: [{ exchange: 'kapps', routingKey: 'x' }] };
    await a.consume(spec, () => {});
    await expect(b.consume(spec, () => {})).rejects.toMatchObject({ kind: 'broker' });
    await a.close();
    await expect(b.consume(spec, () => {})).resolves.toMatchObject({ queue: 'mine' });
    await b.close();
  });
});
