/**
 * Expected failures. They know nothing of HTTP: `statusByCode` at the edge maps each stable code to a status,
 * and a new code without a status does not compile.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'forbidden'
  | 'csrf_failed'
  | 'not_found'
  | 'route_not_found'
  | 'conflict'
  | 'email_taken'
  | 'setup_already_done'
  | 'link_invalid'
  | 'organisation_required'
  | 'last_admin'
  | 'csv_invalid'
  | 'objective_in_use'
  | 'lesson_in_use'
  | 'lesson_conflict'
  | 'lesson_not_publishable'
  | 'course_not_publishable'
  | 'course_published'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'media_too_large'
  | 'media_unsupported'
  | 'media_corrupt'
  | 'captions_invalid'
  | 'ffmpeg_missing'
  | 'range_not_satisfiable'
  | 'outbox_not_dead'
  | 'campaign_not_editable'
  | 'campaign_wrong_status'
  | 'course_not_published'
  | 'audience_empty'
  | 'check_locked'
  | 'check_closed'
  | 'check_done'
  | 'check_required'
  | 'unsafe_url'
  | 'transcript_invalid'
  | 'import_wrong_status'
  | 'import_conflict'
  | 'import_empty'
  | 'clip_cut_failed'
  | 'unsubscribe_invalid'
  | 'reward_inactive'
  | 'reward_out_of_stock'
  | 'insufficient_points'
  | 'redemption_decided'
  | 'xapi_version_required'
  | 'statement_conflict'
  | 'document_conflict'
  | 'precondition_failed'
  | 'precondition_required'
  | 'rate_limited'
  | 'method_not_allowed'
  | 'service_unavailable'
  | 'internal_error';

export const statusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  route_not_found: 404,
  conflict: 409,
  email_taken: 409,
  setup_already_done: 409,
  link_invalid: 400,
  organisation_required: 400,
  last_admin: 409,
  csv_invalid: 400,
  objective_in_use: 409,
  lesson_in_use: 409,
  lesson_conflict: 409,
  lesson_not_publishable: 422,
  course_not_publishable: 422,
  course_published: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  media_too_large: 413,
  media_unsupported: 415,
  media_corrupt: 422,
  captions_invalid: 400,
  ffmpeg_missing: 503,
  range_not_satisfiable: 416,
  outbox_not_dead: 409,
  campaign_not_editable: 409,
  campaign_wrong_status: 409,
  course_not_published: 409,
  audience_empty: 409,
  check_locked: 409,
  check_closed: 409,
  check_done: 409,
  check_required: 409,
  unsafe_url: 400,
  transcript_invalid: 400,
  import_wrong_status: 409,
  import_conflict: 409,
  import_empty: 422,
  clip_cut_failed: 422,
  unsubscribe_invalid: 400,
  reward_inactive: 409,
  reward_out_of_stock: 409,
  insufficient_points: 409,
  redemption_decided: 409,
  xapi_version_required: 400,
  statement_conflict: 409,
  document_conflict: 409,
  precondition_failed: 412,
  precondition_required: 400,
  rate_limited: 429,
  method_not_allowed: 405,
  service_unavailable: 503,
  internal_error: 500,
};

/** Base of every expected failure: a stable code, a message a person understands, optional details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The thing does not exist in the caller's organisation (or the caller may not know it exists). */
export class NotFoundError extends AppError {
  constructor(kind: string, id?: string) {
    super('not_found', id ? `No ${kind} with id ${id} was found.` : `That ${kind} was not found.`, { kind });
  }
}

/** The caller is known but lacks the role or scope for this action. */
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that.') {
    super('forbidden', message);
  }
}

/** No valid credentials came with the request. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'Please sign in first.') {
    super('unauthenticated', message);
  }
}

/** Input that passed the schema but breaks a rule; `details` names the fields. */
export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super('validation_failed', message, details);
  }
}
