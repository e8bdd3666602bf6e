// authz_req and balance_check_req counted and timed (hot counters: a plain number per request,
// series made when Prometheus scrapes), around the jonny5_listener handler.
import type { MessageHandler } from '@tollgate/kazoo-bus';
import type { Metrics } from '@tollgate/service-kit';

export function withAuthzMetrics(metrics: Metrics, handler: MessageHandler): MessageHandler {
  const series = (kind: string) => ({
    handled: metrics.hotCounter('tollgate_charging_authz_req_total', 'authorization requests handled (authz_req, balance_check_req)', { service: 'charging', kind }),
    latency: metrics.hotHistogram('tollgate_charging_authz_req_duration_seconds', 'time from taking an authorization request to its answer', { service: 'charging', kind }),
  });
  const authz = series('authz_req');
  const balance = series('balance_check_req');
  return async (msg, delivery) => {
    const began = performance.now();
    try {
      await handler(msg, delivery);
    } finally {
      const s = msg['Event-Name'] === 'balance_check_req' ? balance : authz;
      s.handled.inc();
      s.latency.observe((performance.now() - began) / 1000);
    }
  };
}
