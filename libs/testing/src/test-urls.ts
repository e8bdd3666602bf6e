// Where the servers of this test run are: the jest global setup starts an embedded CouchDB and
// makes a RabbitMQ vhost for the run, and hands both to the workers through the environment.

/** The local broker's default vhost: where tests go when AMQP_URL is unset (outside jest). */
const LOCAL_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

export function couchUrl(): string {
  const url = process.env.COUCHDB_URL;
  if (!url) throw new Error('COUCHDB_URL is not set (the jest global setup starts an embedded CouchDB)');
  return url;
}

/** The broker of this test run: AMQP_URL (the run's own vhost, made by the jest global setup). */
export function amqpUrl(): string {
  return process.env.AMQP_URL || LOCAL_AMQP_URL;
}
