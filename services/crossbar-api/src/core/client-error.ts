// Requests Node's HTTP parser refuses before express sees them (a request line or headers too
// large, broken chunked encoding, headers that never finish) get Kazoo's JSON error envelope
// instead of Node's bare "400 Bad Request".
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { KazooError } from '@tollgate/errors';
import { errorEnvelope } from './envelope';

function errorFor(code: string | undefined): KazooError {
  if (code === 'HPE_HEADER_OVERFLOW') return new KazooError('too_large', 431, 'request_header_fields_too_large', { message: 'the request line or headers are too large' });
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new KazooError('timeout', 408, 'request_timeout', { message: 'the request was not received in time' });
  return new KazooError('bad_request', 400, 'bad_request', { message: 'malformed HTTP request' });
}

export function answerClientError(nodeId: string): (err: Error & { code?: string }, socket: Duplex) => void {
  return (err, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const kerr = errorFor(err.code);
    const body = JSON.stringify(errorEnvelope({ authToken: '', requestId: randomBytes(16).toString('hex'), node: nodeId }, kerr));
    socket.end(
      `HTTP/1.1 ${kerr.code} ${STATUS_CODES[kerr.code]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}
