/**
 * `/learn/leaderboard`: the organisation's board, the learner's team's, or team against team, for this season,
 * the last one or all time. The learner's own row is highlighted, and their place shown when it is below the top.
 * A team's managers (and admins) can turn its board on or off from its tab.
 */
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';
import { SelectField } from '../../lib/fields.tsx';
import { CheckboxField } from '../../lib/form-controls.tsx';
import type { Leaderboard, SeasonChoice, TeamBoard } from '../../lib/gamification-types.ts';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { useSignedInSession } from '../../lib/session.hooks.ts';
import { useAllTeams, useLeaderboard, useMyPoints, useSetTeamLeaderboard, useTeamBoard } from './gamification.hooks.ts';
import { formatOrdinal, formatPoints, formatScore, rowName, seasonLabel } from './points-format.ts';

type Tab = 'organisation' | 'team' | 'teams';

const TABS: ReadonlyArray<{ value: Tab; label: string }> = [
  { value: 'organisation', label: 'My organisation' },
  { value: 'team', label: 'My team' },
  { value: 'teams', label: 'Teams' },
];

const SEASONS: readonly SeasonChoice[] = ['current', 'previous', 'all'];

export function LeaderboardPage() {
  usePageTitle('Leaderboard');
  const [tab, setTab] = useState<Tab>('organisation');
  const [season, setSeason] = useState<SeasonChoice>('current');
  const points = useMyPoints();
  const seasonKind = points.data?.season.kind ?? 'weekly';
  return (
    <div className="learner-page">
      <p className="eyebrow">Leaderboard</p>
      <h1>Leaderboard</h1>
      <p className="lead">Points earned by learning and remembering. Choose how you appear on your <Link to="/learn/points">points page</Link>.</p>
      <Segmented label="Leaderboard" options={TABS} value={tab} onChange={setTab} />
      <Segmented label="Season" options={SEASONS.map((value) => ({ value, label: seasonLabel(value, seasonKind) }))} value={season} onChange={setSeason} />
      {tab === 'teams' ? <TeamsBoard season={season} /> : tab === 'team' ? <TeamTab season={season} /> : <IndividualBoard scope="organisation" season={season} />}
    </div>
  );
}

/** Buttons choosing one value, the chosen one pressed (as on the outbox page). */
function Segmented<T extends string>({ label, options, value, onChange }: { label: string; options: ReadonlyArray<{ value: T; label: string }>; value: T; onChange: (value: T) => void }) {
  return (
    <div role="group" aria-label={label} className="segmented">
      {options.map((option) => (
        <button key={option.value} type="button" className={option.value === value ? 'segment is-active' : 'segment'} aria-pressed={option.value === value} onClick={() => onChange(option.value)}>
          {option.label}
        </button>
      ))}
    </div>
  );
}

/** The team tab: which team (when there are several), its board, and its switch for those who manage it. */
function TeamTab({ season }: { season: SeasonChoice }) {
  const { person } = useSignedInSession();
  const isAdmin = person.roles.includes('admin');
  const allTeams = useAllTeams(isAdmin);
  const teams = isAdmin && allTeams.data ? allTeams.data.items.map((team) => ({ id: team.id, name: team.name })) : person.teams;
  const [teamId, setTeamId] = useState<string | undefined>(person.teams[0]?.id);
  const chosen = teamId ?? teams[0]?.id;
  const canManage = Boolean(chosen) && (isAdmin || person.teams.some((team) => team.id === chosen && team.role === 'manager'));
  if (teams.length === 0) {
    return (
      <EmptyState title="You are not in a team">
        <p>When an admin adds you to a team, your team’s board appears here.</p>
      </EmptyState>
    );
  }
  return (
    <>
      {teams.length > 1 && <SelectField label="Team" value={chosen ?? ''} onValueChange={setTeamId} options={teams.map((team) => ({ value: team.id, label: team.name }))} />}
      <IndividualBoard scope="team" season={season} teamId={chosen} />
      {canManage && chosen && <TeamBoardSwitch teamId={chosen} />}
    </>
  );
}

/** Turns the team's board on or off; only shown to its managers and admins. */
function TeamBoardSwitch({ teamId }: { teamId: string }) {
  const organisationBoard = useTeamBoard('current');
  const board = useLeaderboard('team', 'current', teamId);
  const change = useSetTeamLeaderboard();
  if (organisationBoard.data?.enabled === false) {
    return <p className="hint team-board-switch">Leaderboards are turned off for the whole organisation; an admin can turn them on again.</p>;
  }
  if (!board.data) return null;
  const isOn = change.isPending && change.variables ? change.variables.enabled : board.data.enabled;
  return (
    <section className="panel team-board-switch" aria-labelledby="team-board-switch">
      <h2 id="team-board-switch">For managers</h2>
      <CheckboxField
        label={`Show a leaderboard for ${board.data.team?.name ?? 'this team'}`}
        hint="When it is off, members see no board for this team; their points still count for the organisation’s board."
        checked={isOn}
        disabled={change.isPending}
        onCheckedChange={(enabled) => change.mutate({ teamId, enabled })}
      />
      <Notice>{change.isSuccess ? (change.data.enabled ? 'The team’s leaderboard is on.' : 'The team’s leaderboard is off.') : undefined}</Notice>
      <ErrorAlert error={change.error} title="The setting was not saved" />
    </section>
  );
}

/** A board of individuals, with the viewer's row highlighted and their place when it is below the top. */
function IndividualBoard({ scope, season, teamId }: { scope: 'organisation' | 'team'; season: SeasonChoice; teamId?: string | undefined }) {
  const board = useLeaderboard(scope, season, teamId);
  const points = useMyPoints();
  if (board.isPending) return <Loading label="Loading the leaderboard…" />;
  if (board.isError) return <ErrorAlert error={board.error} />;
  return <BoardRows board={board.data} isHidden={points.data?.leaderboardVisibility === 'hidden'} />;
}

function BoardRows({ board, isHidden }: { board: Leaderboard; isHidden: boolean }) {
  const where = board.scope === 'team' ? (board.team?.name ?? 'your team') : 'your organisation';
  if (!board.enabled) return <BoardsOff where={board.scope === 'team' ? 'your team' : 'your organisation'} />;
  const isViewerListed = board.rows.some((row) => row.isViewer);
  return (
    <section aria-labelledby="board-heading">
      <h2 id="board-heading">{board.scope === 'team' ? board.team?.name : 'Everyone'}</h2>
      {board.rows.length === 0 ? (
        <EmptyState title="No points yet">
          <p>Nobody in {where} has earned points in this period. Complete a lesson to be the first.</p>
        </EmptyState>
      ) : (
        <BoardTable caption={`Leaderboard of ${where}`} whoHeader="Name" figureHeaders={['Points']}>
          {board.rows.map((row, index) => (
            <BoardRow key={row.personId ?? `anonymous-${index}`} rank={row.rank} who={rowName(row)} figures={[row.points.toLocaleString('en-GB')]} isOwn={row.isViewer} isViewer={row.isViewer} />
          ))}
        </BoardTable>
      )}
      {board.viewer && !isViewerListed && (
        <p className="board-own-place">
          Your place: <strong>{formatOrdinal(board.viewer.rank)}</strong> with {formatPoints(board.viewer.points)}.
        </p>
      )}
      {!board.viewer && (isHidden ? <p className="hint">You are not shown on leaderboards. You can change that on your <Link to="/learn/points">points page</Link>.</p> : <p className="hint">Earn points in this period to appear here.</p>)}
    </section>
  );
}

/** Team against team, by points per member. */
function TeamsBoard({ season }: { season: SeasonChoice }) {
  const board = useTeamBoard(season);
  if (board.isPending) return <Loading label="Loading the team board…" />;
  if (board.isError) return <ErrorAlert error={board.error} />;
  return <TeamRows board={board.data} />;
}

function TeamRows({ board }: { board: TeamBoard }) {
  const { person } = useSignedInSession();
  if (!board.enabled) return <BoardsOff where="your organisation" />;
  if (board.rows.length === 0) {
    return (
      <EmptyState title="No team has points yet">
        <p>Teams are ranked by points per member, so small teams compete with large ones.</p>
      </EmptyState>
    );
  }
  const mine = new Set(person.teams.map((team) => team.id));
  return (
    <section aria-labelledby="teams-heading">
      <h2 id="teams-heading">Teams</h2>
      <p className="hint">Ranked by points per member, so small teams compete with large ones.</p>
      <BoardTable caption="Teams by points per member" whoHeader="Team" figureHeaders={['Per member', 'Points']}>
        {board.rows.map((row) => (
          <BoardRow
            key={row.teamId}
            rank={row.rank}
            who={
              <>
                {row.name}
                {mine.has(row.teamId) && ' (your team)'}
                <span className="figure-note">{row.members === 1 ? '1 member' : `${row.members} members`}</span>
              </>
            }
            figures={[formatScore(row.score), row.points.toLocaleString('en-GB')]}
            isOwn={mine.has(row.teamId)}
          />
        ))}
      </BoardTable>
    </section>
  );
}

/** What a board says when leaderboards are off for `where` ("your team", "your organisation"). */
function BoardsOff({ where }: { where: string }) {
  return (
    <EmptyState title={`Leaderboards are turned off for ${where}`}>
      <p>Your points still count, and you can spend them on rewards.</p>
    </EmptyState>
  );
}

/** A board's table: the rank, who (`whoHeader`), then one right-aligned column per figure; its rows are `BoardRow`s. */
function BoardTable({ caption, whoHeader, figureHeaders, children }: { caption: string; whoHeader: string; figureHeaders: readonly string[]; children: ReactNode }) {
  return (
    <table className="table board-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="cell-rank">
            Rank
          </th>
          <th scope="col">{whoHeader}</th>
          {figureHeaders.map((header) => (
            <th key={header} scope="col" className="cell-points">
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/**
 * One row of a board: its rank, who (a row header, so each figure is read with it) and its figures. The viewer's own
 * rows (themselves, their teams) are highlighted; their own person's row is also the page's current item.
 */
function BoardRow({ rank, who, figures, isOwn, isViewer = false }: { rank: number; who: ReactNode; figures: readonly string[]; isOwn: boolean; isViewer?: boolean }) {
  return (
    <tr className={isOwn ? 'is-viewer' : undefined} aria-current={isViewer ? 'true' : undefined}>
      <td className="cell-rank">{rank}</td>
      <th scope="row">{who}</th>
      {figures.map((figure, index) => (
        // The figures are columns in a fixed order: the index is their identity.
        <td key={index} className="cell-points">
          {figure}
        </td>
      ))}
    </tr>
  );
}
