/** The audit log page's rules (issue 9), apart from React: a recorded request in words, and the page's URLs. */
import { buildUrl } from '../lib/api-client.ts';

/** What a resource (the first part of a route after `/api/`) is called, in the singular. */
const NOUNS: Readonly<Record<string, string>> = {
  people: 'person',
  teams: 'team',
  tokens: 'API token',
  objectives: 'objective',
  lessons: 'lesson',
  courses: 'course',
  media: 'media item',
  certifications: 'certification',
  campaigns: 'campaign',
  'trigger-rules': 'trigger rule',
  imports: 'import',
  rewards: 'reward',
  badges: 'badge',
  redemptions: 'reward request',
  enrolments: 'enrolment',
  outbox: 'message',
};

/** What an action on one item (`POST /api/x/:id/<action>`) did. */
const ACTIONS: Readonly<Record<string, string>> = {
  publish: 'published',
  unpublish: 'unpublished',
  launch: 'launched',
  pause: 'paused',
  resume: 'resumed',
  cancel: 'cancelled',
  erase: 'erased the data of',
  retry: 'retried',
  approve: 'approved',
  decline: 'declined',
  accept: 'accepted',
  submit: 'submitted for review',
  review: 'reviewed',
  'sign-in-link': 'sent a sign-in link to',
  members: 'added people to',
  captions: 'added captions to',
  pilots: 'chose the pilots of',
};

/** Requests that read better said whole. */
const WHOLE: Readonly<Record<string, string>> = {
  'PATCH /api/organisation': 'changed the organisation’s settings',
  'PATCH /api/channel-settings': 'changed the channel settings',
  'PATCH /api/gamification/settings': 'changed the points settings',
  'PUT /api/search/synonyms': 'changed the search synonyms',
  'POST /api/people/import': 'imported people',
  'POST /api/metrics/import': 'imported business metrics',
  'POST /api/enrolments': 'enrolled people in a course',
  'POST /api/fsrs/fit': 'fitted the review scheduler',
  'POST /api/lrs/credentials': 'added an LRS credential',
  'DELETE /api/lrs/credentials/:id': 'revoked an LRS credential',
  'PUT /api/lrs/forwarding': 'set up forwarding to an external LRS',
  'DELETE /api/lrs/forwarding': 'stopped forwarding to an external LRS',
  'POST /api/tokens': 'created an API token',
  'DELETE /api/tokens/:id': 'revoked an API token',
  'DELETE /api/people/:id': 'deactivated a person',
  'PUT /api/teams/:id/members/:personId': 'added or changed a team member',
  'DELETE /api/teams/:id/members/:personId': 'removed a team member',
  'PUT /api/teams/:teamId/leaderboard': 'changed a team’s leaderboard',
  'POST /api/courses/:id/lessons/:lessonId/comments': 'commented on a pilot lesson',
  'POST /api/courses/:id/comments/:commentId/resolve': 'resolved a pilot’s comment',
  'DELETE /api/media/:id/captions/:language': 'removed captions from a media item',
};

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** A recorded request in words: `PATCH /api/people/:id` → "changed a person"; anything unknown stays as it was sent. */
export function describeAction(method: string, route: string): string {
  const whole = WHOLE[`${method} ${route}`];
  if (whole) return whole;
  const [resource, id, action, ...rest] = route.replace(/^\/api\//, '').split('/');
  const noun = resource ? NOUNS[resource] : undefined;
  if (!noun || rest.length > 0 || (id !== undefined && !id.startsWith(':'))) return `${method} ${route}`;
  if (action !== undefined) {
    const done = ACTIONS[action];
    return done ? `${done} ${withArticle(noun)}` : `${method} ${route}`;
  }
  if (id === undefined) return method === 'POST' ? `added ${withArticle(noun)}` : `${method} ${route}`;
  if (method === 'PATCH' || method === 'PUT') return `changed ${withArticle(noun)}`;
  if (method === 'DELETE') return `deleted ${withArticle(noun)}`;
  return `${method} ${route}`;
}

/** The outcome of a recorded request in words. */
export function describeResult(status: number): string {
  if (status === 403) return 'Refused (not allowed)';
  return status < 400 ? 'Done' : `Failed (${status})`;
}

/** The audit log's filters as the page holds them: empty means any. */
export interface AuditFilters {
  actor: string;
  route: string;
  /** `YYYY-MM-DD` days in the browser's zone, from the date inputs. */
  from: string;
  to: string;
}

/** A day from a date input as the instant it starts in the browser's zone (ISO), or undefined when empty or invalid. */
export function startOfDay(day: string, dayAfter = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (dayAfter ? 1 : 0));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The route filter as the API takes it: `people` and `/people` mean `/api/people`; empty stays empty. */
export function routePrefixOf(typed: string): string {
  const route = typed.trim();
  if (route === '' || route.startsWith('/api/')) return route;
  return `/api/${route.replace(/^\/+/, '').replace(/^api\/?/, '')}`;
}

/** The query of the log and its CSV export: `to` includes its whole day; empty filters left out. */
export function auditUrl(filters: AuditFilters, options: { csv?: boolean; cursor?: string; limit?: number } = {}): string {
  return buildUrl(options.csv ? '/api/audit.csv' : '/api/audit', {
    actor: filters.actor.trim(),
    route: routePrefixOf(filters.route),
    from: startOfDay(filters.from),
    to: startOfDay(filters.to, true),
    limit: options.csv ? undefined : options.limit,
    cursor: options.cursor,
  });
}
