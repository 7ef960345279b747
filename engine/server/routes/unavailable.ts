/**
 * The reference's extended endpoints we do not back (drift, trust, cost, session replay,
 * compliance). Like the reference without their components, they answer 501 rather than 404, so
 * clients can tell "not configured here" from "wrong URL".
 */
import { ApiError } from '../http.ts';
import type { RouteSpec } from '../router.ts';
import type { RequestContext } from '../state.ts';

const FEATURES: [RouteSpec<RequestContext>['method'], string, string][] = [
  ['GET', '/api/v1/drift', 'Behavioural drift'],
  ['GET', '/api/v1/drift/{agent_id}', 'Behavioural drift'],
  ['GET', '/api/v1/trust', 'Trust scoring'],
  ['GET', '/api/v1/trust/{agent_id}', 'Trust scoring'],
  ['GET', '/api/v1/trust/{agent_id}/check', 'Trust scoring'],
  ['GET', '/api/v1/cost', 'Cost tracking'],
  ['GET', '/api/v1/cost/report', 'Cost tracking'],
  ['POST', '/api/v1/cost/check', 'Cost tracking'],
  ['GET', '/api/v1/sessions', 'Session replay'],
  ['GET', '/api/v1/sessions/{session_id}', 'Session replay'],
  ['POST', '/api/v1/sessions/{session_id}/replay', 'Session replay'],
  ['GET', '/api/v1/compliance/report', 'Compliance reports'],
  ['GET', '/api/v1/compliance/gaps', 'Regulatory gap analysis'],
];

export const unavailableRoutes: RouteSpec<RequestContext>[] = FEATURES.map(([method, path, feature]) => ({
  method, path, access: 'key', summary: `${feature}: not available on this server (501)`,
  handler: () => {
    throw new ApiError(501, 'not_implemented', `${feature} not configured: this server does not provide ${path}`);
  },
}));
