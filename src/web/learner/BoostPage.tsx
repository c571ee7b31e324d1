/**
 * `/learn/boost`: today's due review items one after another, each with feedback and when it comes back.
 * `/learn/boost?mode=practice`: practice on items that are not due, clearly marked as counting for nothing.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorAlert, Loading } from '../lib/feedback.tsx';
import type { BoostItem, ReviewResult } from '../lib/learning-types.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useSignedInSession } from '../lib/session.hooks.ts';
import { newClientId, readQuestion } from './answer.ts';
import { describeComesBack, parseBoostMode, summariseRound, type BoostMode } from './boost.ts';
import { useAnswerReview, useBoostRound, useRefreshLearning } from './learn.hooks.ts';
import { QuestionCard, type SubmittedAnswer } from './QuestionCard.tsx';

export function BoostPage() {
  const [searchParams] = useSearchParams();
  const mode = parseBoostMode(searchParams.get('mode'));
  usePageTitle(mode === 'practice' ? 'Practice' : 'Daily boost');
  // Switching between boost and practice starts a new round.
  return <BoostRound key={mode} mode={mode} />;
}

function BoostRound({ mode }: { mode: BoostMode }) {
  const round = useBoostRound(mode);
  const isPractice = mode === 'practice';
  return (
    <div className="learner-page boost-page">
      <p className="breadcrumb">
        <Link to="/learn">Today</Link>
      </p>
      <header className="boost-head">
        <p className="eyebrow">Review</p>
        <h1>{isPractice ? 'Practice' : 'Daily boost'}</h1>
        {isPractice ? (
          <p className="message message-info practice-banner">
            <strong>Practice does not count.</strong> Answer as often as you like: nothing is scored and nothing changes when questions come back.
          </p>
        ) : (
          <p className="lead">A few questions you answered before, asked again just before you would forget them.</p>
        )}
      </header>
      {round.isPending && <Loading label="Finding your questions…" />}
      <ErrorAlert error={round.error} />
      {round.data && (
        <Items
          // A new round (a refetch) starts again from its first question.
          key={round.dataUpdatedAt}
          items={round.data.items}
          mode={mode}
          isLoadingAgain={round.isFetching}
          onAgain={() => void round.refetch()}
        />
      )}
    </div>
  );
}

interface Answered {
  result: ReviewResult;
}

function Items({ items, mode, isLoadingAgain, onAgain }: { items: BoostItem[]; mode: BoostMode; isLoadingAgain: boolean; onAgain: () => void }) {
  const { person } = useSignedInSession();
  const review = useAnswerReview();
  const refresh = useRefreshLearning();
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Record<string, Answered>>({});
  const summaryRef = useRef<HTMLHeadingElement>(null);
  const progressRef = useRef<HTMLParagraphElement>(null);
  const isPractice = mode === 'practice';
  const item = items[index];
  const isFinished = items.length > 0 && index >= items.length;

  // The button just pressed ("Next question", "Finish") is gone: the focus moves to what replaced it.
  useEffect(() => {
    if (isFinished) {
      refresh();
      summaryRef.current?.focus();
    } else if (index > 0) {
      progressRef.current?.focus();
    }
  }, [index, isFinished]);

  if (items.length === 0) {
    return isPractice ? (
      <EmptyState title="Nothing to practise yet">
        <p>Questions you answer in lessons can be practised here.</p>
        <p>
          <Link to="/learn" className="button">
            Go to Today
          </Link>
        </p>
      </EmptyState>
    ) : (
      <EmptyState title="Nothing to review today">
        <p>You are up to date. Questions come back here just before you would forget them.</p>
        <p>
          <Link to="/learn/boost?mode=practice" className="button">
            Practise anyway (does not count)
          </Link>
        </p>
      </EmptyState>
    );
  }

  if (isFinished || !item) {
    const results = items.flatMap((i) => (answers[i.reviewItemId] ? [answers[i.reviewItemId]!.result] : []));
    return (
      <section className="boost-done" aria-labelledby="boost-done-title">
        <span className="lesson-complete-mark" aria-hidden="true">
          ✓
        </span>
        <h2 id="boost-done-title" ref={summaryRef} tabIndex={-1}>
          {isPractice ? 'Practice round done' : 'Boost done'}
        </h2>
        <p>{summariseRound(results, mode)}</p>
        <div className="lesson-next">
          <Link to="/learn" className="button button-primary button-block">
            Back to Today
          </Link>
          {isPractice ? (
            <button type="button" className="button button-block" onClick={onAgain} disabled={isLoadingAgain}>
              {isLoadingAgain ? 'Finding questions…' : 'Practise another round'}
            </button>
          ) : (
            <Link to="/learn/boost?mode=practice" className="button button-block">
              Practise more (does not count)
            </Link>
          )}
        </div>
      </section>
    );
  }

  const question = readQuestion(item.question);
  const answered = answers[item.reviewItemId];
  const isLast = index === items.length - 1;
  function submit(answer: SubmittedAnswer) {
    if (!item) return;
    const reviewItemId = item.reviewItemId;
    review.mutate(
      { reviewItemId, ...answer, practice: isPractice, clientId: newClientId() },
      { onSuccess: (result) => setAnswers((current) => ({ ...current, [reviewItemId]: { result } })) },
    );
  }
  const comesBack = answered && !isPractice ? describeComesBack(answered.result.nextDueAt, new Date(), person.effectiveTimeZone) : null;
  return (
    <>
      <div className="boost-progress">
        <p className="boost-progress-text" ref={progressRef} tabIndex={-1}>
          Question {index + 1} of {items.length}
        </p>
        <progress max={items.length} value={index + (answered ? 1 : 0)} aria-label={`${index + (answered ? 1 : 0)} of ${items.length} answered`} />
      </div>
      <p className="boost-from">
        From the lesson <strong>{item.lessonTitle}</strong>
      </p>
      {question ? (
        <QuestionCard
          key={item.reviewItemId}
          question={question}
          label={isPractice ? `Practice question ${index + 1}` : `Review question ${index + 1}`}
          grade={answered ? { ...answered.result, isPractice } : undefined}
          onSubmit={submit}
          isSubmitting={review.isPending}
          error={review.error}
          note={comesBack && <p className="comes-back">{comesBack}.</p>}
        >
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              review.reset();
              setIndex(index + 1);
            }}
          >
            {isLast ? 'Finish' : 'Next question'}
          </button>
        </QuestionCard>
      ) : (
        <>
          <p className="muted">This question cannot be shown in this version of the app.</p>
          <button type="button" className="button" onClick={() => setIndex(index + 1)}>
            Skip it
          </button>
        </>
      )}
    </>
  );
}
