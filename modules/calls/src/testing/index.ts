// Test helpers of @tollgate/calls, imported as `@tollgate/calls/testing`.
export { type ChargedCall, type ChargedCallIds, writeChargedCall } from './charged-call';
