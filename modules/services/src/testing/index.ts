// Test helpers of @tollgate/services (`@tollgate/services/testing`): a Braintree gateway stand-in
// the official SDK talks to, and a customer with a card on it.
export {
  BraintreeStubServer,
  createBraintreeCustomer,
  type RecordedCall,
  startBraintreeStub,
  type StubPlan,
  type StubSubscription,
  type StubTransaction,
} from './braintree-stub-server';
