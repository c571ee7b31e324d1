/** Small pieces the studio pages share: status chips, the duration meter, the findings panel, a progress bar. */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { LessonStatus } from '../lib/content-types.ts';
import { plural } from '../lib/format.ts';
import { COURSE_STATUS_LABELS, describeDuration, durationMeter, formatDuration, LESSON_STATUS_LABELS, MAX_LESSON_SECONDS, ruleTitle, sortFindings, type MeterLevel } from './studio-format.ts';

/** A lesson's or course's status as a coloured chip. */
export function StatusChip({ status }: { status: LessonStatus | 'unpublished' }) {
  const label = status === 'unpublished' ? COURSE_STATUS_LABELS.unpublished : LESSON_STATUS_LABELS[status];
  return <span className={`chip chip-${status.replace('_', '-')}`}>{label}</span>;
}

/** A lesson's length as a chip, marked when over the limit. */
export function DurationChip({ seconds }: { seconds: number }) {
  const isOver = seconds > MAX_LESSON_SECONDS;
  return (
    <span className={isOver ? 'chip chip-over' : 'chip chip-time'} title={describeDuration(seconds)}>
      <span className="visually-hidden">Takes </span>
      {formatDuration(seconds)}
      {isOver && <span className="visually-hidden"> (over two minutes)</span>}
    </span>
  );
}

/**
 * How long the lesson takes against the two-minute limit: "1:35 of 2:00" and a bar that turns red over the
 * limit. Screen readers hear only the changes that matter (crossing the limit), not every keystroke.
 */
export function DurationMeter({ seconds, compact = false }: { seconds: number; compact?: boolean }) {
  const meter = durationMeter(seconds);
  const announcement = useLevelAnnouncement(meter.level);
  const labelId = useId();
  return (
    <div className={`duration-meter is-${meter.level}${compact ? ' is-compact' : ''}`}>
      <div className="duration-meter-text">
        <span className="duration-meter-label" id={labelId}>
          Duration
        </span>
        <strong className="duration-meter-value">{meter.label}</strong>
        {meter.level === 'over' && <span className="duration-meter-flag">Too long</span>}
      </div>
      <div
        className="duration-bar"
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={MAX_LESSON_SECONDS}
        aria-valuenow={Math.min(MAX_LESSON_SECONDS, Math.round(seconds))}
        aria-valuetext={`${describeDuration(seconds)} of ${describeDuration(MAX_LESSON_SECONDS)}${meter.level === 'over' ? ', too long' : ''}`}
      >
        <span className="duration-bar-fill" style={{ width: `${meter.percent}%` }} />
      </div>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </div>
  );
}

function useLevelAnnouncement(level: MeterLevel): string {
  const previous = useRef(level);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (previous.current === level) return;
    const wasOver = previous.current === 'over';
    previous.current = level;
    if (level === 'over') setAnnouncement('The lesson is now over two minutes; it cannot be published like this.');
    else if (wasOver) setAnnouncement('The lesson is back within two minutes.');
  }, [level]);
  return announcement;
}

/** One finding of the lesson linter or the course checks. */
export interface PanelFinding {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  blockId?: string | undefined;
  field?: string | undefined;
  lessonId?: string | undefined;
}

/**
 * The findings, errors first, each with its rule and message and (when it concerns a block, field or lesson) a
 * button that takes the author there.
 */
export function FindingsPanel({
  findings,
  headingId,
  heading,
  source,
  emptyText,
  goToLabel,
  onGoTo,
  children,
}: {
  findings: readonly PanelFinding[];
  headingId: string;
  heading: string;
  source?: ReactNode;
  emptyText: string;
  goToLabel?: (finding: PanelFinding) => string | undefined;
  onGoTo?: (finding: PanelFinding) => void;
  children?: ReactNode;
}) {
  const sorted = sortFindings(findings);
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.length - errors;
  return (
    <section className="findings" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        {heading}
      </h2>
      {source && <p className="hint">{source}</p>}
      {children}
      {findings.length === 0 ? (
        <p className="findings-clear">
          <span aria-hidden="true">✓ </span>
          {emptyText}
        </p>
      ) : (
        <>
          <p className="findings-summary">
            {[errors > 0 ? plural(errors, 'error', 'errors') : '', warnings > 0 ? plural(warnings, 'warning', 'warnings') : ''].filter(Boolean).join(', ')}
            {errors > 0 ? ': errors block publishing.' : ': warnings do not block publishing.'}
          </p>
          <ul className="findings-list">
            {sorted.map((finding, index) => {
              const label = goToLabel?.(finding);
              return (
                <li key={`${finding.rule}-${finding.blockId ?? finding.field ?? finding.lessonId ?? ''}-${index}`} className={`finding finding-${finding.severity}`}>
                  <p className="finding-head">
                    <span className={`chip chip-${finding.severity}`}>{finding.severity === 'error' ? 'Error' : 'Warning'}</span>
                    <strong>{ruleTitle(finding.rule)}</strong> <code className="finding-rule">{finding.rule}</code>
                  </p>
                  <p className="finding-message">{finding.message}</p>
                  {label && onGoTo && (
                    <button type="button" className="button button-small button-link" onClick={() => onGoTo(finding)}>
                      {label}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

/** A labelled progress bar with its percentage, e.g. for uploads. */
export function ProgressBar({ label, percent }: { label: string; percent: number }) {
  return (
    <div className="progress">
      <div className="progress-text">
        <span>{label}</span>
        <span aria-hidden="true">{percent}%</span>
      </div>
      <progress max={100} value={percent} aria-label={label}>
        {percent}%
      </progress>
    </div>
  );
}
