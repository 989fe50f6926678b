/** routeMessage / outcome: a raw frame in, a reply out, never a throw; errors reach the caller as {code, message}. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src-main/api/errors.js';
import { outcome, routeMessage } from '../../../../src-main/api/transport/route.js';
import type { Dispatch } from '../../../../src-main/api/dispatch.js';

const echo: Dispatch = async (method, args) => {
  if (method === 'fail') throw new ApiError('not-found', 'nothing here', { id: 7 });
  if (method === 'crash') throw new TypeError('x is undefined');
  return { method, args };
};

describe('routeMessage', () => {
  it('answers a request with its id and the result', async () => {
    await expect(routeMessage(echo, JSON.stringify({ id: 3, method: 'm', args: { a: 1 } }))).resolves.toEqual({ id: 3, result: { method: 'm', args: { a: 1 } } });
    await expect(routeMessage(echo, '{"id":"a-1","method":"m"}')).resolves.toEqual({ id: 'a-1', result: { method: 'm', args: undefined } });
  });

  it('answers text that is not JSON, or not a request, with invalid-request', async () => {
    await expect(routeMessage(echo, '{not json')).resolves.toMatchObject({ id: null, error: { code: 'invalid-request', message: expect.stringContaining('not JSON') } });
    await expect(routeMessage(echo, '{"id":5,"args":{}}')).resolves.toMatchObject({ id: 5, error: { code: 'invalid-request', message: expect.stringContaining('method') } });
    await expect(routeMessage(echo, '[1,2]')).resolves.toMatchObject({ id: null, error: { code: 'invalid-request' } });
    await expect(routeMessage(echo, '{"id":{"x":1},"method":"m"}')).resolves.toMatchObject({ id: null, error: { code: 'invalid-request' } });
  });

  it('passes an ApiError on as code, message and details; any other error as internal without its stack', async () => {
    await expect(routeMessage(echo, '{"id":1,"method":"fail"}')).resolves.toEqual({ id: 1, error: { code: 'not-found', message: 'nothing here', details: { id: 7 } } });
    await expect(outcome(echo, 'crash', {})).resolves.toEqual({ error: { code: 'internal', message: 'x is undefined' } });
    await expect(outcome(echo, 42, {})).resolves.toMatchObject({ error: { code: 'invalid-request' } });
  });
});
