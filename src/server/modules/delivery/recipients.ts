/**
 * The people deliveries go to, as the planner and the dispatcher need them: their calendar (person > team >
 * organisation) and where they can be reached, in fallback order.
 */
import { type Calendar, resolveCalendar } from '../../../core/delivery/calendar.ts';
import type { AudienceRow, IdentitySchemas } from '../identity/index.ts';
import type { ChannelSettingsRow } from './delivery.repository.ts';
import type { DeliveryChannel } from './delivery.table.ts';

export interface Recipient {
  personId: string;
  email: string;
  displayName: string;
  phone: string | null;
  chatHandle: string | null;
  calendar: Calendar;
  preferredChannels: DeliveryChannel[];
  emailOptedOut: boolean;
  /** The chat webhook of the person's team, else null (the organisation's applies). */
  teamChatWebhookUrl: string | null;
}

/** The organisation's calendar, the last level of every person's. */
export function organisationCalendar(org: IdentitySchemas.Organisation): Calendar {
  return { timeZone: org.timeZone, workingDays: org.workingDays, workStart: org.workStart, workEnd: org.workEnd, quietStart: org.quietStart, quietEnd: org.quietEnd };
}

export function toRecipient(row: AudienceRow, orgCalendar: Calendar): Recipient {
  const calendar = resolveCalendar(
    { timeZone: row.time_zone, workingDays: row.working_days, workStart: row.work_start, workEnd: row.work_end },
    row.team_id ? { timeZone: row.team_time_zone, workingDays: row.team_working_days, workStart: row.team_work_start, workEnd: row.team_work_end } : undefined,
    orgCalendar,
  );
  return {
    personId: row.id,
    email: row.email,
    displayName: row.display_name,
    phone: row.phone,
    chatHandle: row.chat_handle,
    calendar,
    preferredChannels: row.preferred_channels,
    emailOptedOut: row.email_opt_out_at !== null,
    teamChatWebhookUrl: row.team_chat_webhook_url ?? null,
  };
}

/** Where a message can go now, for one recipient. */
export type ExternalChannel = Exclude<DeliveryChannel, 'app'>;

/**
 * The channels to try for a delivery, in order: the forced one, or the person's preferences; then email as the
 * last resort when it was not refused. Only channels the person can be reached on (an address, a configured
 * provider) are kept. The in-app inbox always gets the delivery, so an empty list is still a delivery.
 */
export function channelsFor(recipient: Recipient, settings: ChannelSettingsRow | undefined, forced: DeliveryChannel | null): ExternalChannel[] {
  const reachable = (channel: DeliveryChannel): channel is ExternalChannel => {
    if (channel === 'email') return !recipient.emailOptedOut && recipient.email.length > 0;
    if (channel === 'sms') return Boolean(recipient.phone && settings?.sms_base_url && settings.sms_account_sid && settings.sms_auth_token && settings.sms_from);
    if (channel === 'chat') return Boolean(recipient.teamChatWebhookUrl ?? settings?.chat_webhook_url);
    return false;
  };
  const wanted: DeliveryChannel[] = forced ? [forced, ...recipient.preferredChannels, 'email'] : [...recipient.preferredChannels, 'email'];
  return [...new Set(wanted)].filter(reachable);
}
