/** The OpenAPI 3.1 document, generated from the route table so it cannot drift from the routes. */
import type { RouteSpec } from './router.ts';

const ERROR = { $ref: '#/components/schemas/Error' };

export function openApiDocument(routes: readonly RouteSpec<unknown>[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const responses: Record<string, unknown> = {
      '200': { description: 'OK', content: { 'application/json': { schema: {} } } },
      '400': { description: 'Invalid request', content: { 'application/json': { schema: ERROR } } },
    };
    if (route.access !== 'public') responses['401'] = { description: 'Missing or wrong API key', content: { 'application/json': { schema: ERROR } } };
    if (route.access === 'admin') responses['403'] = { description: 'No admin key configured', content: { 'application/json': { schema: ERROR } } };
    if (route.method !== 'GET' && route.method !== 'DELETE') responses['413'] = { description: 'Body over 1 MiB', content: { 'application/json': { schema: ERROR } } };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
      ...(params.length ? { parameters: params } : {}),
      ...(route.method === 'POST' || route.method === 'PUT' ? { requestBody: { required: false, content: { 'application/json': { schema: {} } } } } : {}),
      security: route.access === 'public' ? [] : route.access === 'admin' ? [{ adminKey: [] }] : [{ apiKey: [] }],
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Aegis governance API', version, description: 'Policy decisions, approvals, guardrails and audit for AI agent actions; wire-compatible with the Aegis REST server.' },
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        adminKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'the admin key (also accepted as X-Admin-Key)' },
      },
      schemas: {
        Error: { type: 'object', required: ['error', 'code'], properties: { error: { type: 'string' }, code: { type: 'string' } } },
      },
    },
  };
}
