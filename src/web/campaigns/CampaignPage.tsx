/**
 * `/campaigns/:id`: one campaign as it runs. Its status and actions, the standings of its members (refreshed
 * every 10 seconds while it is live, so completions appear as they happen), who cannot finish before the
 * deadline and why, and each member's progress and next lesson in their own time zone.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useNavigationNotice } from '../auth/auth.hooks.ts';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { formatDateTime, plural } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { CHANNEL_LABELS } from '../lib/profile-fields.ts';
import {
  deadlineRisks,
  describeNextLesson,
  describePacing,
  describeProgress,
  describeReminders,
  filterMembers,
  isLive,
  lessonTotals,
  STANDING_LABELS,
  STANDING_ORDER,
  standingSegments,
  STATUS_CHIPS,
  STATUS_LABELS,
} from './campaign-view.ts';
import { type CampaignAction, type CampaignMember, type CampaignView, type MemberStanding, useAddMembers, useCampaignAction, useCampaignView } from './campaigns.hooks.ts';
import { PeoplePicker } from './PeoplePicker.tsx';
import '../delivery.css';

export function CampaignPage() {
  const { id = '' } = useParams();
  const view = useCampaignView(id);
  const notice = useNavigationNotice();
  usePageTitle(view.data?.campaign.name ?? 'Campaign');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/campaigns">Campaigns</Link>
      </p>
      {view.isPending ? (
        <Loading label="Loading the campaign…" />
      ) : !view.data ? (
        <>
          <h1>Campaign not found</h1>
          <ErrorAlert error={view.error} />
        </>
      ) : (
        <CampaignContent view={view.data} notice={notice} refreshError={view.error} />
      )}
    </>
  );
}

function CampaignContent({ view, notice, refreshError }: { view: CampaignView; notice: string | undefined; refreshError: unknown }) {
  const { campaign } = view;
  const action = useCampaignAction(campaign.id);
  const now = new Date(view.asOf);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{campaign.name}</h1>
          <p className="status-line">
            <span className={STATUS_CHIPS[campaign.status]}>{STATUS_LABELS[campaign.status]}</span>
            {isLive(campaign.status) && <span className="muted">Updated {formatDateTime(view.asOf)}; refreshes every 10 seconds</span>}
          </p>
        </div>
        <CampaignActions campaign={campaign} action={action} />
      </div>
      <Notice>{action.done ?? notice}</Notice>
      <ErrorAlert error={action.error} title="That did not work" />
      <ErrorAlert error={refreshError} title="The latest numbers could not be loaded" />
      <CampaignFacts view={view} />
      {campaign.status === 'draft' ? (
        <section className="panel" aria-labelledby="draft-heading">
          <h2 id="draft-heading">Not launched yet</h2>
          <p>Nothing has been sent. At launch Morsel works out who is in the audience, draws the hold-out, and plans each person’s lessons inside their own working hours. Until then you can still change everything.</p>
        </section>
      ) : (
        <>
          <SummarySection view={view} />
          <RiskCallout members={view.members} />
          <MembersSection view={view} now={now} />
        </>
      )}
      {(campaign.status === 'active' || campaign.status === 'paused') && <AddPeopleSection campaignId={campaign.id} memberIds={new Set(view.members.map((member) => member.personId))} />}
    </>
  );
}

const CONFIRMATIONS: Partial<Record<CampaignAction, (name: string) => string>> = {
  launch: (name) =>
    `Launch “${name}”?\n\nMorsel works out who is in the audience at launch, so how many people that is is only known then. Each person’s lessons are planned inside their own working hours and start going out from the start time.\n\nA launched campaign can no longer be changed; you can still add people, pause it or cancel it.`,
  cancel: (name) => `Cancel “${name}” for good?\n\nLessons not yet sent will not go. Lessons already sent stay with the learners. A cancelled campaign cannot be restarted.`,
};

function CampaignActions({ campaign, action }: { campaign: CampaignView['campaign']; action: ReturnType<typeof useCampaignAction> }) {
  const run = (name: CampaignAction) => {
    const confirmation = CONFIRMATIONS[name];
    if (confirmation && !window.confirm(confirmation(campaign.name))) return;
    action.run(name);
  };
  const busy = (name: CampaignAction, idle: string, working: string) => (action.pending === name ? working : idle);
  const isOpen = campaign.status === 'draft' || campaign.status === 'active' || campaign.status === 'paused';
  if (!isOpen) return null;
  return (
    <div className="page-actions">
      {campaign.status === 'draft' && (
        <>
          <button type="button" className="button button-primary" onClick={() => run('launch')} disabled={action.isBusy}>
            {busy('launch', 'Launch', 'Launching…')}
          </button>
          <Link to={`/campaigns/${encodeURIComponent(campaign.id)}/edit`} className="button">
            Edit
          </Link>
        </>
      )}
      {campaign.status === 'active' && (
        <button type="button" className="button" onClick={() => run('pause')} disabled={action.isBusy}>
          {busy('pause', 'Pause', 'Pausing…')}
        </button>
      )}
      {campaign.status === 'paused' && (
        <button type="button" className="button button-primary" onClick={() => run('resume')} disabled={action.isBusy}>
          {busy('resume', 'Resume', 'Resuming…')}
        </button>
      )}
      <button type="button" className="button button-danger" onClick={() => run('cancel')} disabled={action.isBusy}>
        {busy('cancel', 'Cancel campaign', 'Cancelling…')}
      </button>
    </div>
  );
}

/** What the campaign sends, to whom, and when. */
function CampaignFacts({ view }: { view: CampaignView }) {
  const { campaign, courses } = view;
  const audience = campaign.audience;
  const audienceParts = [
    audience.personIds.length > 0 ? plural(audience.personIds.length, 'named person', 'named people') : '',
    audience.teamIds.length > 0 ? plural(audience.teamIds.length, 'team', 'teams') : '',
    audience.rule ? 'everyone matching a rule' : '',
  ].filter(Boolean);
  return (
    <dl className="summary campaign-facts">
      <div>
        <dt>{courses.length === 1 ? 'Course' : 'Courses'}</dt>
        <dd>
          {courses.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ol className="inline-list">
              {courses.map((course) => (
                <li key={course.courseId}>
                  {course.title} <span className="muted">({plural(course.lessonCount, 'lesson', 'lessons')}{course.version !== null && campaign.status !== 'draft' ? `, version ${course.version}` : ''})</span>
                </li>
              ))}
            </ol>
          )}
        </dd>
      </div>
      <div>
        <dt>Audience</dt>
        <dd>{audienceParts.join(', ') || <span className="muted">Nobody yet</span>}</dd>
      </div>
      <div>
        <dt>Starts</dt>
        <dd>{formatDateTime(campaign.startAt)}</dd>
      </div>
      <div>
        <dt>Deadline</dt>
        <dd>{campaign.deadlineAt ? formatDateTime(campaign.deadlineAt) : <span className="muted">None</span>}</dd>
      </div>
      <div>
        <dt>Pacing</dt>
        <dd>{describePacing(campaign.pacing, campaign.deadlineAt !== null)}</dd>
      </div>
      <div>
        <dt>Reminders</dt>
        <dd>{describeReminders(campaign.reminders)}</dd>
      </div>
      <div>
        <dt>Hold-out</dt>
        <dd>{campaign.holdoutPercent === 0 ? 'None: everyone is trained' : `${campaign.holdoutPercent} % of the audience, for comparison`}</dd>
      </div>
      <div>
        <dt>Channel</dt>
        <dd>{campaign.channel ? `${CHANNEL_LABELS[campaign.channel]} for everyone` : 'Each person’s preference'}</dd>
      </div>
    </dl>
  );
}

/** The counters (announced politely when they change) and a stacked bar of standings. */
function SummarySection({ view }: { view: CampaignView }) {
  const { summary } = view;
  const segments = standingSegments(summary.standings);
  const lessons = lessonTotals(view);
  return (
    <section aria-labelledby="summary-heading" className="campaign-summary">
      <h2 id="summary-heading">Progress</h2>
      <div aria-live="polite" aria-atomic="false" data-testid="campaign-counters">
        <p>
          {plural(summary.members, 'person', 'people')} in the campaign: {summary.trained} trained
          {summary.heldOut > 0 && `, ${summary.heldOut} held out for comparison`}.
        </p>
        <ul className="standing-counts" aria-label="Standings">
          {STANDING_ORDER.map((standing) => (
            <li key={standing} className={`standing-count standing-${standing}`}>
              <strong>{summary.standings[standing] ?? 0}</strong> {STANDING_LABELS[standing].toLowerCase()}
            </li>
          ))}
        </ul>
        <ul className="stat-list" aria-label="Lessons">
          <li>
            <strong>{lessons.sent}</strong> of {plural(lessons.toSend, 'lesson', 'lessons')} sent
          </li>
          <li>
            <strong>{lessons.completed}</strong> of {lessons.total} completed
          </li>
        </ul>
      </div>
      {segments.length > 0 && (
        <div className="standing-bar" aria-hidden="true">
          {segments.map((segment) => (
            <span key={segment.standing} className={`standing-bar-part standing-${segment.standing}`} style={{ width: `${segment.percent}%` }} title={`${STANDING_LABELS[segment.standing]}: ${segment.count}`} />
          ))}
        </div>
      )}
    </section>
  );
}

/** Who will not make the deadline and why, before the table. */
function RiskCallout({ members }: { members: readonly CampaignMember[] }) {
  const groups = deadlineRisks(members);
  if (groups.length === 0) return null;
  return (
    <section className="risk-callout" aria-labelledby="risk-heading">
      <h2 id="risk-heading">Deadline risk</h2>
      <ul className="risk-list">
        {groups.map((group) => (
          <li key={group.key} className={`risk risk-${group.tone}`}>
            <p className="risk-sentence">{group.sentence}</p>
            <p className="risk-names">{group.names.join(', ')}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function MembersSection({ view, now }: { view: CampaignView; now: Date }) {
  const [standing, setStanding] = useState<MemberStanding | ''>('');
  const shown = filterMembers(view.members, standing);
  const counts = view.summary.standings;
  const tabs: Array<{ value: MemberStanding | ''; label: string; count: number }> = [
    { value: '', label: 'Everyone', count: view.members.length },
    ...STANDING_ORDER.filter((s) => (counts[s] ?? 0) > 0 || s === standing).map((s) => ({ value: s, label: STANDING_LABELS[s], count: counts[s] ?? 0 })),
  ];
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">People</h2>
      {view.members.length === 0 ? (
        <EmptyState title="Nobody in the campaign">
          <p>Nobody matched the audience at launch. Add people below; people who join its teams or start matching its rule join it while it runs.</p>
        </EmptyState>
      ) : (
        <>
          <div role="group" aria-label="Show people" className="segmented">
            {tabs.map((tab) => (
              <button key={tab.value || 'all'} type="button" className={standing === tab.value ? 'segment is-active' : 'segment'} aria-pressed={standing === tab.value} onClick={() => setStanding(tab.value)}>
                {tab.label}
                <span className="segment-count"> {tab.count}</span>
              </button>
            ))}
          </div>
          <table className="table table-stack campaign-members">
            <caption className="table-caption">
              {standing === '' ? 'Everyone in the campaign' : `People ${STANDING_LABELS[standing].toLowerCase()}`}: progress and next lesson, in each person’s own time zone
            </caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Time zone</th>
                <th scope="col">Standing</th>
                <th scope="col">Progress</th>
                <th scope="col">Next lesson</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((member) => (
                <tr key={member.personId}>
                  <th scope="row" data-label="Person">
                    {member.displayName}
                    {member.email && (
                      <>
                        <br />
                        <span className="muted cell-email">{member.email}</span>
                      </>
                    )}
                  </th>
                  <td data-label="Time zone">{member.timeZone}</td>
                  <td data-label="Standing">
                    <span className={`chip standing-chip standing-${member.standing}`}>{STANDING_LABELS[member.standing]}</span>
                  </td>
                  <td data-label="Progress">
                    {describeProgress(member)}
                    {member.arm === 'trained' && member.lessonsSent < member.lessonsTotal && <span className="muted"> ({member.lessonsSent} sent)</span>}
                  </td>
                  <td data-label="Next lesson">{describeNextLesson(member, now, view.campaign.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** People added to a running campaign get a plan from now, compressed to the deadline if need be. */
function AddPeopleSection({ campaignId, memberIds }: { campaignId: string; memberIds: ReadonlySet<string> }) {
  const add = useAddMembers(campaignId);
  return (
    <section className="panel" aria-labelledby="add-people-heading">
      <h2 id="add-people-heading">Add people</h2>
      <p className="hint">Each person added gets every lesson, planned from now inside their working hours, closer together if that is needed to finish by the deadline. They are always trained, never held out.</p>
      <Notice>{add.result ? `${plural(add.result.added, 'person was', 'people were')} added${add.result.alreadyMembers > 0 ? `; ${plural(add.result.alreadyMembers, 'was', 'were')} already in the campaign` : ''}.` : undefined}</Notice>
      <ErrorAlert error={add.error} />
      <form onSubmit={add.submit} className="form">
        <PeoplePicker label="Find people to add" chosen={add.chosen} onAdd={add.choose} onRemove={add.unchoose} excludeIds={memberIds} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={add.isBusy || add.chosen.length === 0}>
            {add.isBusy ? 'Adding…' : 'Add to campaign'}
          </button>
        </div>
      </form>
    </section>
  );
}
