/**
 * Just-in-time triggers for admins: the rules (list, create, edit, activate, delete), the recent events with what
 * they scheduled, and a test event sent from the page. The form's pure conversions (rule ↔ draft, seconds ↔
 * human units) live here, apart from the components.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { type ConditionOperator, describeCondition, describeSeconds } from '../../core/delivery/trigger-conditions.ts';
import type {
  EventResult as EventResultSchema,
  TriggerCondition as TriggerConditionSchema,
  TriggerEventList as TriggerEventListSchema,
  TriggerRule as TriggerRuleSchema,
  TriggerRuleCreate as TriggerRuleCreateSchema,
  TriggerRuleList as TriggerRuleListSchema,
} from '../../server/modules/delivery/trigger.schemas.ts';
import { COURSES_KEY } from '../author/author-keys.ts';
import { api } from '../lib/api-client.ts';
import type { CourseList, CourseVersion } from '../lib/content-types.ts';

export type TriggerRule = z.infer<typeof TriggerRuleSchema>;
export type TriggerRuleInput = z.input<typeof TriggerRuleCreateSchema>;
export type TriggerCondition = z.infer<typeof TriggerConditionSchema>;
export type TriggerEvent = z.infer<typeof TriggerEventListSchema>['items'][number];
export type EventResult = z.infer<typeof EventResultSchema>;
export type DeliveryChannel = NonNullable<TriggerRule['channel']>;

const RULES_KEY = ['trigger-rules'] as const;
const EVENTS_KEY = ['trigger-events'] as const;
const rulePath = (id: string) => `/api/trigger-rules/${encodeURIComponent(id)}`;

export { describeCondition, describeSeconds };

// ---------------------------------------------------------------- pure: durations and drafts

export type TimeUnit = 'minutes' | 'hours' | 'days';
export const TIME_UNITS: ReadonlyArray<{ value: TimeUnit; label: string; seconds: number }> = [
  { value: 'minutes', label: 'minutes', seconds: 60 },
  { value: 'hours', label: 'hours', seconds: 3_600 },
  { value: 'days', label: 'days', seconds: 86_400 },
];

/** An amount typed by a person in a unit. */
export interface HumanDuration {
  amount: string;
  unit: TimeUnit;
}

/** Seconds in the largest unit that holds them whole (minutes when none does: 90 s is 1.5 minutes). */
export function toHumanDuration(seconds: number): HumanDuration {
  if (seconds === 0) return { amount: '0', unit: 'minutes' };
  const unit = [...TIME_UNITS].reverse().find((u) => seconds % u.seconds === 0) ?? TIME_UNITS[0]!;
  return { amount: String(seconds / unit.seconds), unit: unit.value };
}

/** The seconds of a typed duration, or null when the amount is not a number ≥ 0. */
export function toSeconds(duration: HumanDuration): number | null {
  const amount = Number(duration.amount.trim() === '' ? Number.NaN : duration.amount);
  if (!Number.isFinite(amount) || amount < 0) return null;
  return Math.round(amount * TIME_UNITS.find((u) => u.value === duration.unit)!.seconds);
}

/** The operators offered, with words an admin understands. */
export const OPERATOR_OPTIONS: ReadonlyArray<{ value: ConditionOperator; label: string }> = [
  { value: 'eq', label: 'is' },
  { value: 'neq', label: 'is not' },
  { value: 'in', label: 'is one of (commas)' },
  { value: 'gt', label: 'is more than' },
  { value: 'gte', label: 'is at least' },
  { value: 'lt', label: 'is less than' },
  { value: 'lte', label: 'is at most' },
  { value: 'contains', label: 'contains' },
  { value: 'exists', label: 'is present / absent' },
];

/** A condition as the form holds it: the value as typed (for `exists`, "present" or "absent"). */
export interface ConditionDraft {
  key: number;
  attribute: string;
  op: ConditionOperator;
  value: string;
}

/** A rule as the form holds it. */
export interface RuleDraft {
  name: string;
  eventType: string;
  conditions: ConditionDraft[];
  courseId: string;
  /** '' : the first lesson of the course the person has not completed. */
  lessonId: string;
  /** '' : the person's preference. */
  channel: DeliveryChannel | '';
  delay: HumanDuration;
  cooldown: HumanDuration;
  urgent: boolean;
  active: boolean;
}

let conditionKeys = 0;
/** A fresh condition row. */
export function newConditionDraft(): ConditionDraft {
  conditionKeys += 1;
  return { key: conditionKeys, attribute: '', op: 'eq', value: '' };
}

export function emptyRuleDraft(): RuleDraft {
  return { name: '', eventType: '', conditions: [], courseId: '', lessonId: '', channel: '', delay: { amount: '0', unit: 'minutes' }, cooldown: { amount: '1', unit: 'days' }, urgent: false, active: true };
}

export function ruleDraftOf(rule: TriggerRule): RuleDraft {
  return {
    name: rule.name,
    eventType: rule.eventType,
    conditions: rule.conditions.map((condition) => ({
      ...newConditionDraft(),
      attribute: condition.attribute,
      op: condition.op,
      value: condition.op === 'exists' ? (condition.value ? 'present' : 'absent') : condition.op === 'in' ? condition.value.map(String).join(', ') : String(condition.value),
    })),
    courseId: rule.courseId,
    lessonId: rule.lessonId ?? '',
    channel: rule.channel ?? '',
    delay: toHumanDuration(rule.delaySeconds),
    cooldown: toHumanDuration(rule.cooldownSeconds),
    urgent: rule.urgent,
    active: rule.active,
  };
}

/** A condition row as the API takes it, or a sentence saying what to fix. */
function conditionOf(draft: ConditionDraft, index: number): TriggerCondition | string {
  const attribute = draft.attribute.trim();
  if (!attribute) return `Condition ${index + 1}: name the attribute.`;
  if (draft.op === 'exists') return { attribute, op: 'exists', value: draft.value !== 'absent' };
  const text = draft.value.trim();
  if (!text) return `Condition ${index + 1}: give a value.`;
  if (draft.op === 'in') return { attribute, op: 'in', value: text.split(',').map((part) => part.trim()).filter(Boolean) };
  if (draft.op === 'gt' || draft.op === 'gte' || draft.op === 'lt' || draft.op === 'lte') {
    const number = Number(text);
    return Number.isFinite(number) ? { attribute, op: draft.op, value: number } : `Condition ${index + 1}: “${text}” is not a number.`;
  }
  return { attribute, op: draft.op, value: text };
}

/** Switching to or from `exists` resets the value, whose meaning changes (present/absent against a typed value). */
function valueForNewOperator(row: ConditionDraft, patch: Partial<ConditionDraft>): Partial<ConditionDraft> {
  if (!patch.op || patch.op === row.op) return {};
  if (patch.op === 'exists') return { value: 'present' };
  return row.op === 'exists' ? { value: '' } : {};
}

/** The draft as the API's body, or the problems to show. */
export function ruleInputOf(draft: RuleDraft): { input: TriggerRuleInput; problems: [] } | { input: null; problems: string[] } {
  const problems: string[] = [];
  const conditions: TriggerCondition[] = [];
  draft.conditions.forEach((row, index) => {
    const condition = conditionOf(row, index);
    if (typeof condition === 'string') problems.push(condition);
    else conditions.push(condition);
  });
  if (!draft.courseId) problems.push('Choose a course.');
  const delaySeconds = toSeconds(draft.delay);
  const cooldownSeconds = toSeconds(draft.cooldown);
  if (delaySeconds === null) problems.push('The delay must be a number, 0 or more.');
  if (cooldownSeconds === null) problems.push('The cool-down must be a number, 0 or more.');
  if (problems.length > 0 || delaySeconds === null || cooldownSeconds === null) return { input: null, problems };
  return {
    input: {
      name: draft.name.trim(),
      eventType: draft.eventType.trim(),
      conditions,
      courseId: draft.courseId,
      lessonId: draft.lessonId || null,
      channel: draft.channel || null,
      delaySeconds,
      cooldownSeconds,
      urgent: draft.urgent,
      active: draft.active,
    },
    problems: [],
  };
}

/** A rule's timing in words: "after 1 hour · cool-down 7 days · urgent". */
export function describeTiming(rule: Pick<TriggerRule, 'delaySeconds' | 'cooldownSeconds' | 'urgent'>): string {
  return [rule.delaySeconds === 0 ? 'at once' : `after ${describeSeconds(rule.delaySeconds)}`, rule.cooldownSeconds === 0 ? 'no cool-down' : `cool-down ${describeSeconds(rule.cooldownSeconds)}`, rule.urgent ? 'urgent: may override quiet and working hours' : 'in working hours']
    .join(' · ');
}

/** The skip reasons in words. */
export const SKIP_REASON_LABELS: Readonly<Record<EventResult['skipped'][number]['reason'], string>> = {
  conditions_not_met: 'Conditions not met',
  person_unknown: 'Unknown person',
  person_ambiguous: 'Several people match',
  cool_down: 'Cool-down',
  course_unavailable: 'Course not published',
  lesson_unavailable: 'Lesson left the course',
  course_completed: 'Course already completed',
};

/** The curl examples of the "How to call it" box, for this server. */
export function callExamples(origin: string): { event: string; gate: string } {
  return {
    event: [
      `curl -X POST ${origin}/api/events \\`,
      `  -H "Authorization: Bearer mrsl_…" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d '{`,
      `    "type": "deal.closed",`,
      `    "person": { "email": "nina@example.com" },`,
      `    "attributes": { "amount": 1500, "region": "EU" },`,
      `    "idempotencyKey": "crm-deal-1001-closed"`,
      `  }'`,
    ].join('\n'),
    gate: [`curl "${origin}/api/people/by-email/nina@example.com/completions/LESSON_ID?within=P30D" \\`, `  -H "Authorization: Bearer mrsl_…"`].join('\n'),
  };
}

// ---------------------------------------------------------------- data

/** Every rule, oldest first. */
export function useTriggerRules() {
  return useQuery({ queryKey: RULES_KEY, queryFn: async () => (await api.get<z.infer<typeof TriggerRuleListSchema>>('/api/trigger-rules')).items });
}

/** The latest events with what they scheduled, refreshed while the page is open. */
export function useTriggerEvents(limit = 25) {
  return useQuery({ queryKey: [...EVENTS_KEY, limit], queryFn: async () => (await api.get<z.infer<typeof TriggerEventListSchema>>('/api/events', { limit })).items, refetchInterval: 10_000 });
}

/** The published courses a rule may send. */
export function usePublishedCourses() {
  return useQuery({
    queryKey: [...COURSES_KEY, 'list'],
    queryFn: () => api.get<CourseList>('/api/courses'),
    select: (list) => list.items.filter((course) => course.status === 'published' && course.latestVersion !== null),
  });
}

/** The lessons of a course's latest published version, in order. */
export function useCourseLessons(courseId: string, latestVersion: number | null | undefined) {
  return useQuery({
    queryKey: [...COURSES_KEY, 'version', courseId, latestVersion],
    queryFn: () => api.get<CourseVersion>(`/api/courses/${encodeURIComponent(courseId)}/versions/${latestVersion}`),
    enabled: Boolean(courseId && latestVersion),
    select: (version) => version.modules.flatMap((m) => m.lessons.map((lesson) => ({ lessonId: lesson.lessonId, title: lesson.title }))),
    staleTime: Infinity,
  });
}

/**
 * The rule form: a new rule, or `editing` changed. Saving creates (POST) or changes (PATCH) it and calls
 * `onSaved`; problems found before sending are shown like the API's.
 */
export function useRuleForm(editing: TriggerRule | undefined, onSaved: (rule: TriggerRule) => void) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<RuleDraft>(() => (editing ? ruleDraftOf(editing) : emptyRuleDraft()));
  const [problem, setProblem] = useState<Error | null>(null);
  const save = useMutation({
    mutationFn: (input: TriggerRuleInput) => (editing ? api.patch<TriggerRule>(rulePath(editing.id), input) : api.post<TriggerRule>('/api/trigger-rules', input)),
    onSuccess: async (rule) => {
      if (!editing) setDraft(emptyRuleDraft());
      await queryClient.invalidateQueries({ queryKey: RULES_KEY });
      onSaved(rule);
    },
  });
  const change = (patch: Partial<RuleDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const changeCondition = (key: number, patch: Partial<ConditionDraft>) =>
    setDraft((current) => ({ ...current, conditions: current.conditions.map((row) => (row.key === key ? { ...row, ...patch, ...valueForNewOperator(row, patch) } : row)) }));
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    const result = ruleInputOf(draft);
    if (!result.input) {
      setProblem(new Error(result.problems.join(' ')));
      return;
    }
    save.mutate(result.input);
  }
  return {
    draft,
    change,
    /** A new course clears the lesson, which belonged to the old one. */
    chooseCourse: (courseId: string) => change({ courseId, lessonId: '' }),
    addCondition: () => setDraft((current) => ({ ...current, conditions: [...current.conditions, newConditionDraft()] })),
    removeCondition: (key: number) => setDraft((current) => ({ ...current, conditions: current.conditions.filter((row) => row.key !== key) })),
    changeCondition,
    submit,
    isSaving: save.isPending,
    error: problem ?? save.error,
  };
}

/** Activating or deactivating a rule in the list. */
export function useToggleRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rule: TriggerRule) => api.patch<TriggerRule>(rulePath(rule.id), { active: !rule.active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RULES_KEY }),
  });
}

/** Deleting a rule after confirmation (its lessons not yet sent are cancelled). */
export function useDeleteRule() {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (rule: TriggerRule) => api.delete(rulePath(rule.id)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RULES_KEY }),
  });
  return {
    remove: (rule: TriggerRule) => {
      if (window.confirm(`Delete the rule “${rule.name}”? Lessons it planned that have not gone yet are cancelled. To keep them, deactivate it instead.`)) remove.mutate(rule);
    },
    removed: remove.isSuccess ? remove.variables : undefined,
    isBusy: remove.isPending,
    error: remove.error,
  };
}

/**
 * Sending a test event from the page (admins may post with their session): the type, a person's email and
 * attributes as JSON; the answer is what an integration would get. Each send has its own idempotency key.
 */
export function useTestEventForm() {
  const queryClient = useQueryClient();
  const [type, setType] = useState('');
  const [email, setEmail] = useState('');
  const [attributes, setAttributes] = useState('{}');
  const [problem, setProblem] = useState<Error | null>(null);
  const send = useMutation({
    mutationFn: (body: unknown) => api.post<EventResult>('/api/events', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: EVENTS_KEY }),
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(attributes.trim() || '{}');
    } catch {
      setProblem(new Error('The attributes must be a JSON object, e.g. { "amount": 1500, "region": "EU" }.'));
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setProblem(new Error('The attributes must be a JSON object, e.g. { "amount": 1500, "region": "EU" }.'));
      return;
    }
    send.mutate({ type: type.trim(), person: { email: email.trim() }, attributes: parsed, idempotencyKey: `admin-test-${Date.now()}-${Math.random().toString(36).slice(2, 10)}` });
  }
  return { type, setType, email, setEmail, attributes, setAttributes, submit, isSending: send.isPending, error: problem ?? send.error, result: send.data };
}
