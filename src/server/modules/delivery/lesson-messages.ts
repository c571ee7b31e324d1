/**
 * What a lesson delivery says on each channel: an email (HTML and text, a magic link straight into the lesson,
 * `List-Unsubscribe`), an SMS of at most 160 characters with a short link, and a chat post. Pure: the links
 * come in already made. Rendered when the message is queued, so a queued message never changes.
 */
import type { EmailPayload } from './email.channel.ts';

export interface LessonMessageInput {
  organisationName: string;
  person: { displayName: string };
  kind: 'lesson' | 'reminder' | 'trigger';
  lesson: { title: string; coreQuestion: string; estimatedSeconds: number };
  courseTitle: string;
  /** The campaign's name (lessons and reminders of a campaign). */
  campaignName: string | null;
  /** The campaign's deadline as the learner reads it (their zone), e.g. "Thursday 4 March, 17:00". */
  deadline: string | null;
}

/** "2 min" or "45 s": how long the lesson takes, as a learner reads it. */
export function durationLabel(seconds: number): string {
  return seconds < 60 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`;
}

function headline(input: LessonMessageInput): string {
  if (input.kind === 'reminder') return `Reminder: “${input.lesson.title}” is waiting for you`;
  if (input.kind === 'trigger') return `Before you go on: ${input.lesson.title}`;
  return `Your next lesson: ${input.lesson.title}`;
}

/** How a chat post addresses the person: their @handle, else their name. */
const addressee = (mention: string | null, displayName: string) => (mention ? `${mention.startsWith('@') ? mention : `@${mention}`} ` : `${displayName}: `);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The HTML and text every Morsel email shares: a greeting, a headline, one button, a footer with the unsubscribe link. */
function layoutEmail(input: { to: string; displayName: string; organisationName: string; headline: string; lead: string; buttonUrl: string; buttonLabel: string; textLink: string; note: string; unsubscribeUrl: string; oneClickUrl: string }): EmailPayload {
  const text = [`Hello ${input.displayName},`, '', input.headline, input.lead, '', `${input.textLink}: ${input.buttonUrl}`, '', input.note, '', `— ${input.organisationName} on Morsel`, `Stop lesson emails: ${input.unsubscribeUrl}`, ''].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1f24;max-width:560px;margin:0 auto;padding:16px">
<p>Hello ${escapeHtml(input.displayName)},</p>
<h1 style="font-size:20px;margin:16px 0 4px">${escapeHtml(input.headline)}</h1>
<p style="margin:0 0 16px;color:#4a5360">${escapeHtml(input.lead)}</p>
<p><a href="${escapeHtml(input.buttonUrl)}" style="display:inline-block;background:#1f5fbf;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(input.buttonLabel)}</a></p>
<p style="font-size:14px;color:#4a5360">${escapeHtml(input.note)}</p>
<hr style="border:none;border-top:1px solid #dde1e6;margin:24px 0 8px">
<p style="font-size:12px;color:#6b7480">${escapeHtml(input.organisationName)} on Morsel · <a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#6b7480">Stop lesson emails</a></p>
</body></html>`;
  // RFC 2369 and RFC 8058: the header's URL takes a one-click POST.
  return { to: input.to, subject: input.headline, text, html, headers: { 'List-Unsubscribe': `<${input.oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
}

/**
 * The lesson email. `unsubscribeUrl` is the page a person opens (a button, so mail scanners following links
 * unsubscribe nobody); `oneClickUrl` is the API a mail provider POSTs to (RFC 8058), and redirects a GET to that page.
 */
export function lessonEmail(input: LessonMessageInput & { to: string; lessonUrl: string; unsubscribeUrl: string; oneClickUrl: string }): EmailPayload {
  const minutes = durationLabel(input.lesson.estimatedSeconds);
  const context = input.campaignName ? `Part of “${input.campaignName}” (${input.courseTitle}).` : `From ${input.courseTitle}.`;
  const due = input.deadline ? ` Please finish by ${input.deadline}.` : '';
  return layoutEmail({
    to: input.to,
    displayName: input.person.displayName,
    organisationName: input.organisationName,
    headline: headline(input),
    lead: `${input.lesson.coreQuestion} · ${minutes}`,
    buttonUrl: input.lessonUrl,
    buttonLabel: 'Open the lesson',
    textLink: 'Open it (no password needed; the link works once)',
    note: `No password needed: the button signs you in once. ${context}${due}`,
    unsubscribeUrl: input.unsubscribeUrl,
    oneClickUrl: input.oneClickUrl,
  });
}

/** The SMS: at most 160 characters, the short link always whole (the title is shortened first). */
export function lessonSms(input: LessonMessageInput & { to: string; shortUrl: string }): { to: string; body: string } {
  const minutes = durationLabel(input.lesson.estimatedSeconds);
  const lead = input.kind === 'reminder' ? 'Reminder' : 'Lesson';
  const frame = (title: string) => `${input.organisationName}: ${lead} "${title}" (${minutes}) ${input.shortUrl}`;
  let title = input.lesson.title;
  let body = frame(title);
  const excess = body.length - 160;
  if (excess > 0) {
    title = `${title.slice(0, Math.max(0, title.length - excess - 1)).trimEnd()}…`;
    body = frame(title);
  }
  // A very long organisation name: drop it rather than the link.
  if (body.length > 160) body = `${lead} (${minutes}) ${input.shortUrl}`.slice(0, 160);
  return { to: input.to, body };
}

/**
 * The chat post. Chat webhooks post to a team's channel that others read, so the link is the lesson's plain
 * address (the learner signs in as usual), never a magic link.
 */
export function lessonChat(input: LessonMessageInput & { flavour: 'slack' | 'teams'; webhookUrl: string; mention: string | null; lessonUrl: string }) {
  const who = addressee(input.mention, input.person.displayName);
  return {
    flavour: input.flavour,
    url: input.webhookUrl,
    title: headline(input),
    text: `${who}${input.lesson.coreQuestion} (${durationLabel(input.lesson.estimatedSeconds)})${input.deadline ? ` Due ${input.deadline}.` : ''}`,
    link: { url: input.lessonUrl, label: 'Open the lesson' },
  };
}

/** What a daily boost nudge says: how many review questions are waiting, and who the organisation is. */
export interface BoostNudgeInput {
  organisationName: string;
  person: { displayName: string };
  dueCount: number;
  /** How many the boost asks at once (the rest wait for the next one). */
  boostSize: number;
}

function boostHeadline(input: BoostNudgeInput): string {
  const asked = Math.min(input.dueCount, input.boostSize);
  return `Your daily boost: ${asked} question${asked === 1 ? '' : 's'}, about a minute`;
}

/** The boost nudge email: a magic link to `/learn/boost`, and the same unsubscribe links as lessons. */
export function boostEmail(input: BoostNudgeInput & { to: string; boostUrl: string; unsubscribeUrl: string; oneClickUrl: string }): EmailPayload {
  return layoutEmail({
    to: input.to,
    displayName: input.person.displayName,
    organisationName: input.organisationName,
    headline: boostHeadline(input),
    lead: 'Answering just before you would forget is what makes training stick.',
    buttonUrl: input.boostUrl,
    buttonLabel: 'Start the boost',
    textLink: 'Start it (no password needed; the link works once)',
    note: 'No password needed: the button signs you in once.',
    unsubscribeUrl: input.unsubscribeUrl,
    oneClickUrl: input.oneClickUrl,
  });
}

/** The boost nudge SMS, at most 160 characters with the short link whole. */
export function boostSms(input: BoostNudgeInput & { to: string; shortUrl: string }): { to: string; body: string } {
  const tail = `${boostHeadline(input)} ${input.shortUrl}`;
  const body = `${input.organisationName}: ${tail}`;
  return { to: input.to, body: body.length <= 160 ? body : tail.slice(0, 160) };
}

/** The boost nudge chat post: a plain link (a channel others read), never a magic link. */
export function boostChat(input: BoostNudgeInput & { flavour: 'slack' | 'teams'; webhookUrl: string; mention: string | null; boostUrl: string }) {
  const who = addressee(input.mention, input.person.displayName);
  return { flavour: input.flavour, url: input.webhookUrl, title: boostHeadline(input), text: `${who}a few questions you are about to forget.`, link: { url: input.boostUrl, label: 'Start the boost' } };
}

/** A personal notice (e.g. a reward request decided): one line of news, a sentence, and a button to the page. */
export interface NoticeInput {
  organisationName: string;
  person: { displayName: string };
  headline: string;
  lead: string;
  buttonLabel: string;
}

/** The notice email: a magic link to the page, and the same unsubscribe links as lessons. */
export function noticeEmail(input: NoticeInput & { to: string; url: string; unsubscribeUrl: string; oneClickUrl: string }): EmailPayload {
  return layoutEmail({
    to: input.to,
    displayName: input.person.displayName,
    organisationName: input.organisationName,
    headline: input.headline,
    lead: input.lead,
    buttonUrl: input.url,
    buttonLabel: input.buttonLabel,
    textLink: `${input.buttonLabel} (no password needed; the link works once)`,
    note: 'No password needed: the button signs you in once.',
    unsubscribeUrl: input.unsubscribeUrl,
    oneClickUrl: input.oneClickUrl,
  });
}

/** The notice SMS, at most 160 characters with the short link whole. */
export function noticeSms(input: NoticeInput & { to: string; shortUrl: string }): { to: string; body: string } {
  const tail = ` ${input.shortUrl}`;
  const body = `${input.organisationName}: ${input.headline}`;
  return { to: input.to, body: body.length + tail.length <= 160 ? body + tail : `${body.slice(0, 159 - tail.length)}…${tail}` };
}
