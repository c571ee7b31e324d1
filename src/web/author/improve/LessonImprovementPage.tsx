/**
 * `/author/improve/lessons/:lessonId`: one lesson's evidence — the suggestions, drop-off by block (chart), time
 * against the estimate, ratings, each question's difficulty and discrimination (chart), the common wrong answers and
 * the current revision's linter findings — each table with its CSV.
 */
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api-client.ts';
import { ErrorAlert, Loading } from '../../lib/feedback.tsx';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { FunnelChart, QuestionsChart } from './ImprovementCharts.tsx';
import { formatSeconds, formatShare, type LessonImprovement, lessonUrl, parsePeriod, RULE_NAMES } from './improvement.ts';
import { useLessonImprovement } from './improvement.hooks.ts';
import '../../manage/outcomes.css';
import './improve.css';

export function LessonImprovementPage() {
  const { lessonId = '' } = useParams();
  const [params] = useSearchParams();
  const days = parsePeriod(params.get('days'));
  const detail = useLessonImprovement(lessonId, days);
  usePageTitle(detail.data ? `Improve: ${detail.data.title}` : 'Improve a lesson');
  if (detail.isPending) return <Loading label="Loading the lesson’s evidence…" />;
  if (detail.isError) {
    const isMissing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <>
        <h1>{isMissing ? 'Lesson not found' : 'The evidence could not be loaded'}</h1>
        {!isMissing && <ErrorAlert error={detail.error} />}
        <p>
          <Link to="/author/improve">Back to the queue</Link>
        </p>
      </>
    );
  }
  return <Evidence detail={detail.data} days={days} />;
}

function Evidence({ detail, days }: { detail: LessonImprovement; days: number }) {
  const { time, feedback } = detail;
  const wrongAnswers = detail.questions.flatMap((q, index) => q.commonWrongAnswers.map((w) => ({ ...w, question: `Q${index + 1}: ${q.prompt}`, questionId: q.questionId })));
  return (
    <>
      <p className="breadcrumb">
        <Link to={days === 90 ? '/author/improve' : `/author/improve?days=${days}`}>Improve</Link>
      </p>
      <h1>{detail.title}</h1>
      <p className="lead">{detail.coreQuestion}</p>
      <p className="improve-actions">
        <Link className="button button-primary" to={`/author/lessons/${encodeURIComponent(detail.lessonId)}`}>
          Edit the lesson
        </Link>
        <span className="muted">Learners who started in the last {days} days.</span>
      </p>

      <h2>Suggestions</h2>
      {detail.suggestions.length === 0 ? (
        <p>No suggestions: too few learners yet, or the lesson works.</p>
      ) : (
        <ul className="improve-suggestions">
          {detail.suggestions.map((s, index) => (
            <li key={`${s.rule}-${s.blockId ?? ''}-${index}`}>
              <span className="improve-suggestion-rule">{RULE_NAMES[s.rule]}</span> {s.message}
            </li>
          ))}
        </ul>
      )}

      <h2>At a glance</h2>
      <dl className="improve-facts">
        <div>
          <dt>Started</dt>
          <dd>
            {detail.funnel.starters + detail.funnel.unknown + detail.funnel.otherRevisions} learners, {detail.funnel.completed} completed
          </dd>
        </div>
        <div>
          <dt>Time (median; 3 in 4 within)</dt>
          <dd>
            {formatSeconds(time.medianSeconds)}; {formatSeconds(time.p75Seconds)} against {formatSeconds(time.estimateSeconds)} estimated
          </dd>
        </div>
        <div>
          <dt>Rating</dt>
          <dd>{feedback.ratingMean === null ? 'No ratings' : `${feedback.ratingMean.toFixed(1)} of 5 (${feedback.ratings} ratings)`}</dd>
        </div>
        <div>
          <dt>Answered their question</dt>
          <dd>{feedback.answeredRate === null ? 'Nobody said yet' : `${formatShare(feedback.answeredRate)} (${feedback.answeredYes} of ${feedback.answered})`}</dd>
        </div>
      </dl>
      {(detail.funnel.unknown > 0 || detail.funnel.otherRevisions > 0) && (
        <p className="muted">
          Left out of the drop-off and time: {detail.funnel.unknown} learners whose progress is unknown and {detail.funnel.otherRevisions} who played a revision with other blocks.
        </p>
      )}

      <h2>Drop-off by block</h2>
      <FunnelChart detail={detail} csvHref={lessonUrl(detail.lessonId, days, 'funnel')} />

      <h2>Questions</h2>
      <QuestionsChart detail={detail} csvHref={lessonUrl(detail.lessonId, days, 'questions')} />

      <h2>Common wrong answers</h2>
      {wrongAnswers.length === 0 ? (
        <p>No wrong answer was given by {detail.minimums.sameWrongAnswer} or more learners.</p>
      ) : (
        <>
          <table className="table table-stack">
            <caption>Wrong answers at least {detail.minimums.sameWrongAnswer} learners gave</caption>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Wrong answer</th>
                <th scope="col">Learners</th>
                <th scope="col">Of the wrong answers</th>
                <th scope="col">Of all answers</th>
              </tr>
            </thead>
            <tbody>
              {wrongAnswers.map((w) => (
                <tr key={`${w.questionId}-${w.answer}`}>
                  <th scope="row">{w.question}</th>
                  <td data-label="Wrong answer">{w.answer}</td>
                  <td data-label="Learners">{w.count}</td>
                  <td data-label="Of the wrong answers">{formatShare(w.shareOfWrong)}</td>
                  <td data-label="Of all answers">{formatShare(w.shareOfAnswers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p>
        <a className="button" href={lessonUrl(detail.lessonId, days, 'wrong_answers')} download>
          Download the wrong answers as CSV
        </a>
      </p>

      <h2>Linter findings</h2>
      {detail.lint.length === 0 ? (
        <p>The current revision passes every rule.</p>
      ) : (
        <ul>
          {detail.lint.map((finding, index) => (
            <li key={`${finding.rule}-${index}`}>
              <strong>{finding.severity === 'error' ? 'Error' : 'Warning'}:</strong> {finding.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
