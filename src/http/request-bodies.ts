import type { FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import { HttpProblem, problem, type Problem } from './problem.js';

// Which request bodies the register reads at all, decided once for every route before a body is
// read (a preParsing hook on the root instance): none of a request no route takes, and none sent
// with a content encoding (gzip, deflate, br...). The register takes bodies as they are, JSON
// without content encoding: an encoded body would otherwise reach the JSON parser as it came and be
// refused as JSON that does not parse, which is not what is wrong with it.

/** The 404 of a request no route takes: the same answer whatever the request carries. */
export function routeNotFound(request: FastifyRequest): Problem {
  const path = request.url.split('?')[0]!;
  return { ...problem(404, `No route ${request.method} ${path}`), instance: path };
}

/** Whether the request comes with a body (as fastify decides before parsing one). */
function hasBody(request: FastifyRequest): boolean {
  const { 'content-length': length, 'transfer-encoding': transfer } = request.headers;
  return transfer !== undefined || (length !== undefined && length !== '0');
}

/**
 * The content codings a Content-Encoding header applies other than `identity` (codings are
 * case-insensitive; several headers or a list apply them in turn); empty when there is none.
 */
export function contentCodings(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return (Array.isArray(header) ? header : [header])
    .flatMap((value) => value.split(','))
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

export const refuseUnreadBodies: preParsingAsyncHookHandler = async (request, _reply, payload) => {
  if (!hasBody(request)) return payload;
  // No route takes it: its body is not read (not even as JSON), and the answer is the 404 of every unknown route.
  if (request.is404) throw new HttpProblem(routeNotFound(request));
  const codings = contentCodings(request.headers['content-encoding']);
  if (codings.length > 0) {
    // RFC 9110 (15.5.16): a 415 for a content coding says with Accept-Encoding which would be taken.
    throw new HttpProblem({
      ...problem(415, `The register takes request bodies without content encoding; this one came with Content-Encoding ${JSON.stringify(codings.join(', '))}. Send the JSON as it is (identity). Nothing was written.`),
      type: '/problems/unsupported-content-encoding',
      title: 'The request body must be sent without content encoding',
    }, { 'Accept-Encoding': 'identity' });
  }
  return payload;
};
