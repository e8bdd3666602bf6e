// A RabbitMQ vhost of its own per test platform (libs/testing's createTestVhost).
import { createTestVhost, type TestVhost } from '@tollgate/testing';

export type { TestVhost };

export function createVhost(baseUrl?: string): Promise<TestVhost> {
  return createTestVhost('tollgate-test', baseUrl);
}
