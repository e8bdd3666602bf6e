// The cross-package test toolkit (see README.md): what tests of several packages need to talk to
// the real CouchDB and RabbitMQ of the test run, make unique names and clean up after themselves.
export { captureStdout } from './capture-stdout';
export { jsonOf, type Loose } from './json-of';
export { type LaggingProxy, startLaggingProxy } from './lagging-proxy';
export { randomHex } from './random-hex';
export { TestCouch } from './test-couch';
export { amqpUrl } from './test-urls';
export { createTestVhost, type TestVhost } from './test-vhost';
export { US_AREA_CODES, usNumber } from './us-numbers';
export { waitFor } from './wait-for';
export { type CaughtMail, decodedMail, relayTo, type SmtpCatcher, startSmtpCatcher } from './smtp-catcher';
