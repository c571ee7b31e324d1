/**
 * A small typed fetch client for the Morsel API: JSON in and out, the session cookie sent automatically, the
 * CSRF token added to every write, and API errors turned into {@link ApiError}.
 */

/** An error answer of the API (`{ error: { code, message, details? } }`), or a network failure (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Query-string values; `undefined`, `null` and empty strings are left out. */
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  query?: QueryParams;
  /** A JSON body. */
  json?: unknown;
  /** A raw text body with its media type, e.g. a CSV file. */
  text?: { body: string; contentType: string };
  /** Let the request outlive the page (a report sent as the learner leaves); small bodies only. */
  keepalive?: boolean;
}

let csrfToken: string | null = null;

/** Remembers the CSRF token of the current session (from any SessionInfo answer); null when signed out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token of the current session, for requests sent without {@link request} (uploads with progress). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Builds `path?query`, leaving out empty values. */
export function buildUrl(path: string, query?: QueryParams): string {
  if (!query) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text) {
    headers['content-type'] = options.text.contentType;
    body = options.text.body;
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(buildUrl(path, options.query), { method, headers, body, credentials: 'same-origin', ...(options.keepalive ? { keepalive: true } : {}) });
  } catch {
    throw new ApiError(0, 'network_error', 'Morsel could not be reached. Check your connection and try again.');
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: { code?: unknown; message?: unknown; details?: unknown } }).error;
    if (error && typeof error.code === 'string') {
      const message = typeof error.message === 'string' ? error.message : 'Something went wrong.';
      return new ApiError(response.status, error.code, message, error.details);
    }
  }
  return new ApiError(response.status, 'http_error', `The server answered ${response.status}. Please try again.`);
}

/** Fetches the session again to learn its current CSRF token; true when one was found. */
async function refreshCsrfToken(): Promise<boolean> {
  const response = await send('GET', '/api/me', {});
  if (!response.ok) return false;
  const body = (await response.json()) as { csrfToken?: string | null };
  setCsrfToken(body.csrfToken ?? null);
  return Boolean(body.csrfToken);
}

/**
 * Sends one request and returns its JSON answer (undefined for 204).
 * A write refused for a stale CSRF token is retried once with a fresh one.
 * @throws ApiError for every non-2xx answer and for network failures.
 */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options);
  if (response.status === 403 && method !== 'GET') {
    const error = await toApiError(response.clone());
    if (error.code === 'csrf_failed' && (await refreshCsrfToken())) response = await send(method, path, options);
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Shorthands for {@link request}. */
export const api = {
  get: <T>(path: string, query?: QueryParams) => request<T>('GET', path, { query }),
  post: <T>(path: string, json?: unknown, query?: QueryParams) => request<T>('POST', path, { json, query }),
  put: <T>(path: string, json?: unknown) => request<T>('PUT', path, { json }),
  patch: <T>(path: string, json: unknown) => request<T>('PATCH', path, { json }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  postText: <T>(path: string, body: string, contentType: string, query?: QueryParams) =>
    request<T>('POST', path, { text: { body, contentType }, query }),
};

/** True when the error says the person is not (or no longer) signed in. */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code !== 'invalid_credentials';
}

/**
 * The lines to show a person for an error: the API's message, then one line per invalid field when the
 * API listed them (zod-style `issues`/arrays of `{ path, message }`, or `{ field: message }` maps).
 */
export function describeError(error: unknown): { message: string; fields: string[] } {
  if (!(error instanceof ApiError)) {
    return { message: error instanceof Error ? error.message : 'Something went wrong.', fields: [] };
  }
  const fields = listFieldProblems(error.details);
  // The API's message of a validation failure repeats the fields; the list says it better.
  const message = fields.length > 0 && error.code === 'validation_failed' ? 'Some fields need correcting:' : error.message;
  return { message, fields };
}

function listFieldProblems(details: unknown): string[] {
  if (!details || typeof details !== 'object') return [];
  const issues = Array.isArray(details)
    ? details
    : Array.isArray((details as { issues?: unknown }).issues)
      ? (details as { issues: unknown[] }).issues
      : undefined;
  if (issues) {
    return issues.flatMap((issue) => {
      if (!issue || typeof issue !== 'object') return [];
      const { path, message, field } = issue as { path?: unknown; message?: unknown; field?: unknown };
      if (typeof message !== 'string') return [];
      const where = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : typeof field === 'string' ? field : '';
      return [where ? `${humaniseField(where)}: ${message}` : message];
    });
  }
  const fields = (details as { fields?: unknown }).fields;
  if (fields && typeof fields === 'object') {
    return Object.entries(fields as Record<string, unknown>).flatMap(([name, message]) =>
      typeof message === 'string' ? [`${humaniseField(name)}: ${message}`] : [],
    );
  }
  return [];
}

/** `body.admin.displayName` → `Admin display name`. */
export function humaniseField(path: string): string {
  const words = path
    .replace(/^(body|query|params)\.?/, '')
    .split('.')
    .filter((part) => part !== '' && !/^\d+$/.test(part))
    .map((part) => part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
