// `rate.numbers` (Tollgate): a batch of rate.number questions from a service (charging prices a
// batch of finished calls with one), each answered as rate.number answers it — from the in-memory
// services view rather than fresh reads, as rate_req is — in order, in one reply on `targeted`.
// An invalid request is logged and dropped without a reply.
import { type MessageHandler, RATE_NUMBER_TIMEOUT_MS, rateNumbersReq, rateNumbersResp } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import { answerNumber, type RateNumberHandlerDeps } from './rate-number-handler';
import { hotornotEnvelope } from './rate-req-handler';
import { toDidOf } from './rate-query';

const log = createLogger('rating');

/** The shared queue every rating instance consumes rate.numbers from. */
export const RATE_NUMBERS_QUEUE = 'tollgate_rate_numbers';
/** The asker stops waiting after this long. */
export const RATE_NUMBERS_TTL_MS = RATE_NUMBER_TIMEOUT_MS;

export function rateNumbersHandler(deps: RateNumberHandlerDeps): MessageHandler {
  const envelope = hotornotEnvelope(deps.bus);
  return async (msg) => {
    const valid = rateNumbersReq.validate(msg);
    if (!valid.ok || typeof msg['Server-ID'] !== 'string') {
      log.warn('dropping an invalid rate.numbers request', { errors: valid.ok ? ['no Server-ID'] : valid.errors, msgId: msg['Msg-ID'] });
      return;
    }
    const queries = valid.msg.Queries as Record<string, unknown>[];
    const answers = await Promise.all(
      queries.map((q) => {
        const number = toDidOf(q, 'Number');
        return number === undefined ? { Outcome: 'unrateable' } : answerNumber(deps, q, number, false);
      }),
    );
    await deps.bus.reply(valid.msg, rateNumbersResp.build({ Answers: answers }, envelope));
  };
}
