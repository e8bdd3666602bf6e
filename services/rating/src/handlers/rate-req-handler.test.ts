import { createLocalBus, LocalBroker, rateResp } from '@tollgate/kazoo-bus';
import { parseRateDoc } from '../domain/rate-record';
import { rateRespFields } from '../domain/rate-response';
import { hotornotEnvelope, rateRespMessage } from './rate-req-handler';

const defaults = {
  defaultRateMinimum: 60,
  defaultRateIncrement: 60,
  defaultRateNochargeTime: 0,
  defaultRateSurcharge: '0',
  defaultRateCost: '0',
  defaultRateInternalCost: '0',
};

test("the hot path's rate_resp is exactly what rateResp.build makes of the same fields", async () => {
  const bus = createLocalBus({ appName: 'tollgate', appVersion: '4.3.0', broker: new LocalBroker() });
  try {
    const docs = [
      { _id: 'XX-1503', pvt_type: 'rate', prefix: 1503, rate_cost: 0.1, description: 'BRONZE', rate_name: '1503' },
      { _id: 'US-1', pvt_type: 'rate', prefix: 1, rate_cost: '0.00125', rate_surcharge: 0.5, rate_version: 'v2', pvt_internal_rate_cost: 0.001 },
    ];
    const requests = [
      { 'Msg-ID': 'm1', 'Call-ID': 'c1', 'Server-ID': 'q' },
      { 'Msg-ID': 'm2', 'Server-ID': 'q' },
      { 'Msg-ID': 'm3', 'Call-ID': '', 'Server-ID': 'q' },
    ];
    for (const doc of docs) {
      const parsed = parseRateDoc(doc);
      if (!parsed.ok) throw new Error(parsed.reason);
      for (const extras of [{ updateCalleeId: false }, { updateCalleeId: true, discountPercentage: 10 }]) {
        const fields = rateRespFields({ ...parsed.rate, ratedeckId: 'ratedeck' }, defaults, extras);
        for (const req of requests) {
          const built = rateResp.build({ ...fields, 'Msg-ID': req['Msg-ID'], 'Call-ID': req['Call-ID'] }, hotornotEnvelope(bus));
          expect(rateRespMessage(bus, req, fields)).toEqual(built);
          expect(rateResp.validate(built).ok).toBe(true);
        }
      }
    }
  } finally {
    await bus.close();
  }
});
