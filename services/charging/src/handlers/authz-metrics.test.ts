// Authorization requests counted per kind, even when the handler throws, with their latency.
import { Metrics } from '@tollgate/service-kit';
import { withAuthzMetrics } from './authz-metrics';

test('authz_req and balance_check_req are counted apart, with a latency histogram each', async () => {
  const metrics = new Metrics({ processMetrics: false });
  const handler = withAuthzMetrics(metrics, async (msg) => {
    if (msg['Call-ID'] === 'boom') throw new Error('boom');
  });
  for (let i = 0; i < 3; i++) await handler({ 'Event-Name': 'authz_req', 'Call-ID': `c${i}` }, undefined as never);
  await expect(handler({ 'Event-Name': 'authz_req', 'Call-ID': 'boom' }, undefined as never)).rejects.toThrow('boom');
  await handler({ 'Event-Name': 'balance_check_req' }, undefined as never);
  const text = await metrics.scrape();
  expect(text).toMatch(/^tollgate_charging_authz_req_total\{service="charging",kind="authz_req"\} 4$/m);
  expect(text).toMatch(/^tollgate_charging_authz_req_total\{service="charging",kind="balance_check_req"\} 1$/m);
  expect(text).toMatch(/^tollgate_charging_authz_req_duration_seconds_count\{service="charging",kind="authz_req"\} 4$/m);
});
