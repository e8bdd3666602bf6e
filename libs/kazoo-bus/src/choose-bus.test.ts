import { createLogger } from '@tollgate/log';
import { chooseBus } from './choose-bus';

const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const app = { appName: 'kazoo-bus-test', appVersion: '0.0.1' };

describe('chooseBus', () => {
  test('AMQP_URL set: an AMQP bus on that broker', async () => {
    const bus = await chooseBus({ ...app, amqpUrl, log: createLogger('kazoo-bus-test') });
    expect(bus.mode).toBe('amqp');
    await bus.close();
  });

  test('AMQP_URL unset and a broker answers at the probed address: an AMQP bus', async () => {
    const bus = await chooseBus({ ...app, probeUrl: amqpUrl, log: createLogger('kazoo-bus-test') });
    expect(bus.mode).toBe('amqp');
    await bus.close();
  });

  test('AMQP_URL unset and no broker: the in-process bus, with a warning about rate_req', async () => {
    const log = createLogger('kazoo-bus-test');
    const warn = jest.spyOn(log, 'warn').mockImplementation(() => log);
    const bus = await chooseBus({ ...app, probeUrl: 'amqp://guest:guest@127.0.0.1:1', log });
    expect(bus.mode).toBe('local');
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/in-process bus.*rate_req/s);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain('guest:guest');
    await bus.close();
  });
});
