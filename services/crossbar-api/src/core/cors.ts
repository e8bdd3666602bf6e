import type { NextFunction, Request, Response } from 'express';

// The headers Kazoo's crossbar sends (crossbar_util / api_util:add_cors_headers).
const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS, HEAD, PATCH',
  'Access-Control-Allow-Headers':
    'Content-Type, Depth, User-Agent, X-Http-Method-Override, X-File-Size, X-Requested-With, If-Modified-Since, X-File-Name, Cache-Control, X-Auth-Token, X-Request-ID, If-Match, Authorization, Accept',
  'Access-Control-Expose-Headers': 'Content-Type, X-Auth-Token, X-Request-ID, Location, Etag, ETag, Content-Disposition',
  'Access-Control-Max-Age': '86400',
};

export function cors(_req: Request, res: Response, next: NextFunction): void {
  res.set(CORS_HEADERS);
  next();
}
