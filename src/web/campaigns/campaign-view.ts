/**
 * What the campaign pages say, without React: statuses and standings in words, send times in each learner's own
 * zone, the deadline risk in sentences, and the totals of the summary. Pure, so it is unit tested.
 */
import type { Campaign, CampaignMember, CampaignView, MemberStanding } from '../../server/modules/delivery/campaign.schemas.ts';
import { plural } from '../lib/format.ts';

export type CampaignStatus = Campaign['status'];

/** Human names of a campaign's statuses. */
export const STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Draft',
  active: 'Active',
  paused: 'Paused',
  cancelled: 'Cancelled',
  ended: 'Ended',
};

/** The chip class of each status (the existing chip colours). */
export const STATUS_CHIPS: Record<CampaignStatus, string> = {
  draft: 'chip chip-draft',
  active: 'chip chip-published',
  paused: 'chip chip-warning',
  cancelled: 'chip chip-unpublished',
  ended: 'chip chip-time',
};

/** Standings in the order people should look at them: who needs help first, who is out of it last. */
export const STANDING_ORDER: readonly MemberStanding[] = ['cannot_finish', 'overdue', 'behind', 'on_track', 'done', 'held_out'];

/** Human names of the standings. */
export const STANDING_LABELS: Record<MemberStanding, string> = {
  cannot_finish: 'Cannot finish',
  overdue: 'Overdue',
  behind: 'Behind',
  on_track: 'On track',
  done: 'Done',
  held_out: 'Held out',
};

/** True while the campaign's numbers can change by themselves (lessons go out, learners complete them). */
export function isLive(status: CampaignStatus): boolean {
  // Paused campaigns send nothing, but learners still complete lessons already sent.
  return status === 'active' || status === 'paused';
}

/** How often the campaign page asks for fresh numbers while the campaign is live. */
export const LIVE_REFRESH_MS = 10_000;

/** The refresh interval of a campaign's view: every 10 s while live, never otherwise (or before it loaded). */
export function refreshIntervalFor(status: CampaignStatus | undefined): number | false {
  return status && isLive(status) ? LIVE_REFRESH_MS : false;
}

function partsIn(date: Date, timeZone: string, locale: string, withDate: boolean): { text: string; zone: string } {
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(withDate && { day: 'numeric', month: 'short' }) };
  try {
    return { text: new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(date), zone: timeZone };
  } catch {
    // An unknown zone (a typo in an old profile): say the time in UTC, and say so.
    return { text: new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date), zone: 'UTC' };
  }
}

/**
 * A send time as the learner lives it, labelled with their zone: "Tue 09:30 (Asia/Kolkata)" within the coming
 * six days, "Tue 17 Jun 09:30 (Asia/Kolkata)" further off or in the past. "—" without a time.
 */
export function formatSendTime(iso: string | null, timeZone: string, now: Date, locale = 'en-GB'): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const ahead = date.getTime() - now.getTime();
  const isThisWeek = ahead >= -3_600_000 && ahead < 6 * 86_400_000;
  const { text, zone } = partsIn(date, timeZone, locale, !isThisWeek);
  return `${text.replace(/,/g, '')} (${zone})`;
}

/** A member's progress: "2 / 3 done"; held-out members get nothing to do. */
export function describeProgress(member: Pick<CampaignMember, 'arm' | 'lessonsCompleted' | 'lessonsTotal'>): string {
  if (member.arm === 'held_out') return 'Not sent (held out)';
  return `${member.lessonsCompleted} / ${member.lessonsTotal} done`;
}

/** When the member's next lesson goes, in their zone; or why none will. */
export function describeNextLesson(member: Pick<CampaignMember, 'arm' | 'nextSendAt' | 'timeZone' | 'lessonsSent' | 'lessonsTotal' | 'standing'>, now: Date, campaignStatus: CampaignStatus): string {
  if (member.arm === 'held_out') return '—';
  // Resuming plans again from that moment, so a paused campaign's planned times would mislead.
  if (member.nextSendAt) return campaignStatus === 'paused' ? 'When resumed' : formatSendTime(member.nextSendAt, member.timeZone, now);
  if (member.standing === 'done') return '—';
  if (member.lessonsTotal > 0 && member.lessonsSent >= member.lessonsTotal) return 'All sent';
  if (campaignStatus === 'draft') return 'Planned at launch';
  if (campaignStatus === 'cancelled' || campaignStatus === 'ended') return '—';
  return 'Not planned';
}

/** One part of the stacked bar: a standing, its count and its share of all members (whole percent). */
export interface StandingSegment {
  standing: MemberStanding;
  count: number;
  percent: number;
}

/** The stacked bar of standings, in {@link STANDING_ORDER}, leaving out empty ones. */
export function standingSegments(standings: Partial<Record<MemberStanding, number>>): StandingSegment[] {
  const total = STANDING_ORDER.reduce((sum, standing) => sum + (standings[standing] ?? 0), 0);
  if (total === 0) return [];
  return STANDING_ORDER.filter((standing) => (standings[standing] ?? 0) > 0).map((standing) => {
    const count = standings[standing] ?? 0;
    return { standing, count, percent: Math.round((count / total) * 1000) / 10 };
  });
}

/** The lesson totals of the summary: sent of all to send (sent plus still planned), completed of all lessons. */
export function lessonTotals(view: Pick<CampaignView, 'summary' | 'members'>): { sent: number; toSend: number; completed: number; total: number } {
  const { lessonsSent, lessonsPlanned, lessonsCompleted } = view.summary;
  return {
    sent: lessonsSent,
    toSend: lessonsSent + lessonsPlanned,
    completed: lessonsCompleted,
    total: view.members.reduce((sum, member) => sum + member.lessonsTotal, 0),
  };
}

/** One group of the deadline-risk callout: who, and why in one sentence. */
export interface RiskGroup {
  key: 'infeasible_deadline' | 'no_window' | 'overdue' | 'behind' | 'compressed';
  /** `error`: they will not make it as things stand; `warning`: they need a nudge; `info`: nothing to do. */
  tone: 'error' | 'warning' | 'info';
  sentence: string;
  names: string[];
}

const peopleCount = (count: number) => plural(count, 'person', 'people');
const verb = (count: number, one: string, many: string) => (count === 1 ? one : many);

/**
 * The deadline-risk callout, most urgent first: who cannot finish in time (and whether their working hours leave
 * too little room or never open at all), who missed the deadline, who is behind, and, for information, whose
 * lessons were brought closer together to fit. Empty when everyone is fine.
 */
export function deadlineRisks(members: readonly CampaignMember[]): RiskGroup[] {
  const names = (predicate: (member: CampaignMember) => boolean) => members.filter(predicate).map((member) => member.displayName);
  const infeasible = names((m) => m.standing === 'cannot_finish' && m.planIssue !== 'no_window');
  const noWindow = names((m) => m.standing === 'cannot_finish' && m.planIssue === 'no_window');
  const overdue = names((m) => m.standing === 'overdue');
  const behind = names((m) => m.standing === 'behind');
  const compressed = names((m) => m.planIssue === 'compressed' && m.standing !== 'done' && m.standing !== 'held_out');
  const groups: RiskGroup[] = [];
  if (infeasible.length > 0) {
    groups.push({
      key: 'infeasible_deadline',
      tone: 'error',
      sentence: `${peopleCount(infeasible.length)} cannot finish before the deadline: their working hours leave no room for every lesson before it. Move the deadline or change their working hours.`,
      names: infeasible,
    });
  }
  if (noWindow.length > 0) {
    groups.push({
      key: 'no_window',
      tone: 'error',
      sentence: `${peopleCount(noWindow.length)} cannot be sent any lesson: their working days and hours never open (or quiet hours cover them). Check ${verb(noWindow.length, 'their profile', 'their profiles')}.`,
      names: noWindow,
    });
  }
  if (overdue.length > 0) {
    groups.push({ key: 'overdue', tone: 'error', sentence: `${peopleCount(overdue.length)} did not finish by the deadline.`, names: overdue });
  }
  if (behind.length > 0) {
    groups.push({ key: 'behind', tone: 'warning', sentence: `${peopleCount(behind.length)} ${verb(behind.length, 'is', 'are')} behind: a lesson sent more than a day ago is not done yet.`, names: behind });
  }
  if (compressed.length > 0) {
    groups.push({
      key: 'compressed',
      tone: 'info',
      sentence: `${peopleCount(compressed.length)} ${verb(compressed.length, 'gets', 'get')} lessons closer together than the pacing asked, so that they finish before the deadline.`,
      names: compressed,
    });
  }
  return groups;
}

/** The members of one standing (all with ''), keeping the view's order. */
export function filterMembers(members: readonly CampaignMember[], standing: MemberStanding | ''): CampaignMember[] {
  return standing === '' ? [...members] : members.filter((member) => member.standing === standing);
}

/** "All at once", "2 lessons a working day", "Spread evenly over the working days before the deadline". */
export function describePacing(pacing: Campaign['pacing'], hasDeadline: boolean): string {
  if (pacing.mode === 'all_at_once') return 'All at once';
  if (pacing.mode === 'daily') return `${plural(pacing.lessonsPerDay, 'lesson', 'lessons')} a working day`;
  return hasDeadline ? 'Spread evenly over the working days before the deadline' : 'One lesson a working day';
}

/** "None", "1 reminder, 2 days after the last lesson", "3 reminders, every 2 days after the last lesson". */
export function describeReminders(reminders: Campaign['reminders']): string {
  if (reminders.count === 0) return 'None';
  const days = plural(reminders.everyDays, 'day', 'days');
  return reminders.count === 1 ? `1 reminder, ${days} after the last lesson` : `${reminders.count} reminders, every ${days} after the last lesson`;
}
