import { asObject } from '../core/util/json';

/**
 * One error type for everything that can go wrong talking to an API server, classified the way the
 * user needs it: a short message for a notification or the terminal, the full detail (status, reason,
 * the server's Status message, the network error code) for the log. The API server answers failures
 * with a `Status` object (`{kind: 'Status', code, reason, message}`); network failures have a Node
 * error code instead.
 */
export type ApiErrorKind =
  | 'unauthorized' // 401: credentials missing, wrong or expired
  | 'forbidden' // 403: RBAC says no
  | 'notFound' // 404
  | 'conflict' // 409
  | 'gone' // 410: resourceVersion too old (watch/list continue)
  | 'invalid' // 400, 415, 422: the request itself was rejected
  | 'server' // 5xx, 429
  | 'timeout' // no answer in time
  | 'unreachable' // connection refused, DNS, TLS, reset
  | 'other';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    readonly reason?: string,
    /** Node's error code for network failures (ECONNREFUSED, ETIMEDOUT, CERT_HAS_EXPIRED...). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Detail for the log: never contains credentials (messages come from the server or Node). */
  get detail(): string {
    const parts: string[] = [this.kind];
    if (this.status) parts.push(`HTTP ${this.status}`);
    if (this.reason) parts.push(this.reason);
    if (this.code) parts.push(this.code);
    return `${parts.join(' ')}: ${this.message}`;
  }
}

export function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 410) return 'gone';
  if (status === 400 || status === 415 || status === 422) return 'invalid';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500 || status === 429) return 'server';
  return 'other';
}

/** Builds an ApiError from a non-2xx response (its body is usually a `Status`). */
export function errorFromResponse(status: number, body: string): ApiError {
  let message = '';
  let reason: string | undefined;
  try {
    const s = JSON.parse(body) as { kind?: string; message?: string; reason?: string };
    if (s && typeof s === 'object') {
      message = typeof s.message === 'string' ? s.message : '';
      reason = typeof s.reason === 'string' ? s.reason : undefined;
    }
  } catch {
    message = body.trim().slice(0, 300);
  }
  return new ApiError(kindForStatus(status), message || `HTTP ${status}`, status, reason);
}

/** Builds an ApiError from a watch stream's `ERROR` event object (a `Status`). */
export function errorFromStatusObject(status: unknown): ApiError {
  const s = asObject(status);
  const code = typeof s.code === 'number' ? s.code : 500;
  const message = typeof s.message === 'string' && s.message ? s.message : `watch error ${code}`;
  return new ApiError(kindForStatus(code), message, code, typeof s.reason === 'string' ? s.reason : undefined);
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'EPROTO',
]);

/** Classifies a thrown network-level error (or passes an ApiError through). */
export function errorFromNetwork(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { code?: string; message?: string; name?: string };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = e?.message ?? String(err);
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || e?.name === 'TimeoutError') return new ApiError('timeout', message, undefined, undefined, code ?? 'ETIMEDOUT');
  if (code && UNREACHABLE_CODES.has(code)) return new ApiError('unreachable', message, undefined, undefined, code);
  if (code?.startsWith('ERR_TLS') || code?.startsWith('CERT_') || code?.startsWith('ERR_SSL')) return new ApiError('unreachable', message, undefined, undefined, code);
  return new ApiError('other', message, undefined, undefined, code);
}

export interface ActionTarget {
  context: string;
  namespace: string;
  kind: string;
  name: string;
}

/** The short, user-facing sentence for a failed action or read: what happened and what to do. */
export function userMessage(err: ApiError, target?: Partial<ActionTarget>): string {
  const what = target?.kind && target?.name ? `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}` : 'the object';
  const ctx = target?.context ? ` in context ${target.context}` : '';
  switch (err.kind) {
    case 'unauthorized':
      return `Not authenticated${ctx}: credentials are missing or expired. Log in again or refresh the kubeconfig.`;
    case 'forbidden':
      return `Forbidden${ctx}: your account may not do this to ${what}.${err.message ? ` (${err.message})` : ''}`;
    case 'notFound':
      return `${what} was not found${ctx}.`;
    case 'conflict':
      return `${what} was changed by someone else${ctx}; look at its current state and try again.`;
    case 'gone':
      return `The server's view of ${what} moved on${ctx}; try again.`;
    case 'invalid':
      return `The API server rejected the request for ${what}: ${err.message}`;
    case 'timeout':
      return `The API server did not answer in time${ctx}. Nothing was retried; check the state before trying again.`;
    case 'unreachable':
      return `Cannot reach the API server${ctx}${err.code ? ` (${err.code})` : ''}.`;
    case 'server':
      return `The API server failed${ctx} (HTTP ${err.status ?? '5xx'}): ${err.message}`;
    default:
      return `Request failed${ctx}: ${err.message}`;
  }
}
