/**
 * File uploads with progress. `fetch` cannot report upload progress, so this uses XMLHttpRequest, sending the
 * session cookie and the CSRF token exactly as {@link request} does, and turning error answers into ApiError.
 */
import { ApiError, getCsrfToken, setCsrfToken } from './api-client.ts';

/** How far an upload has got. */
export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0–100, rounded down; 100 only once the server has answered. */
  percent: number;
}

/** A running upload: its answer, and a way to stop it. */
export interface Upload<T> {
  result: Promise<T>;
  abort: () => void;
}

/** Reads the API's `{ error: { code, message, details } }` answer into an ApiError. */
export function parseApiError(status: number, body: string): ApiError {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (parsed.error && typeof parsed.error.code === 'string') {
      return new ApiError(status, parsed.error.code, typeof parsed.error.message === 'string' ? parsed.error.message : 'Something went wrong.', parsed.error.details);
    }
  } catch {
    // Not JSON: fall through to a generic error (a proxy's 413 page, for example).
  }
  if (status === 413) return new ApiError(413, 'media_too_large', 'This file is larger than the server accepts.');
  return new ApiError(status, 'http_error', `The server answered ${status}. Please try again.`);
}

function sendOnce<T>(path: string, form: FormData, onProgress: (progress: UploadProgress) => void, register: (xhr: XMLHttpRequest) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    register(xhr);
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      // Hold at 99 % until the server has stored (and probed) the file.
      onProgress({ loaded: event.loaded, total: event.total, percent: Math.min(99, Math.floor((event.loaded / event.total) * 100)) });
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress({ loaded: 1, total: 1, percent: 100 });
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch {
          reject(new ApiError(xhr.status, 'http_error', 'The server’s answer could not be read.'));
        }
        return;
      }
      reject(parseApiError(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload did not reach Morsel. Check your connection and try again.'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    xhr.send(form);
  });
}

/**
 * POSTs a multipart form and reports progress. A request refused for a stale CSRF token is sent again once
 * with a fresh token.
 * @throws ApiError (through `result`) for every non-2xx answer, network failures and cancelling.
 */
export function uploadForm<T>(path: string, form: FormData, onProgress: (progress: UploadProgress) => void = () => undefined): Upload<T> {
  let current: XMLHttpRequest | undefined;
  let isAborted = false;
  const register = (xhr: XMLHttpRequest) => {
    current = xhr;
  };
  const result = (async () => {
    try {
      return await sendOnce<T>(path, form, onProgress, register);
    } catch (error) {
      if (isAborted || !(error instanceof ApiError) || error.code !== 'csrf_failed') throw error;
      const me = await fetch('/api/me', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!me.ok) throw error;
      const session = (await me.json()) as { csrfToken?: string | null };
      setCsrfToken(session.csrfToken ?? null);
      return sendOnce<T>(path, form, onProgress, register);
    }
  })();
  return {
    result,
    abort: () => {
      isAborted = true;
      current?.abort();
    },
  };
}
