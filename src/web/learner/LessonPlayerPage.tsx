/**
 * `/learn/courses/:courseId/lessons/:lessonId`: the lesson player. Every block of the lesson, its questions
 * answered with immediate feedback (the first answer counts; "Try again" is practice), completion as the API
 * reports it, "Did this answer your question?", and the next lesson.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../lib/api-client.ts';
import { text, mediaIdsOfBlocks, type RenderedBlock } from '../lib/blocks/block-data.ts';
import { LessonBlock } from '../lib/blocks/LessonBlock.tsx';
import { useMediaItems } from '../lib/blocks/media.hooks.ts';
import { ErrorAlert, Loading } from '../lib/feedback.tsx';
import type { CourseOutline, LearnerLesson } from '../lib/learning-types.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { plural } from '../lib/format.ts';
import { newClientId, readQuestion } from './answer.ts';
import { lessonsInOrder, nextLessonAfter } from './course.ts';
import { useCourseOutline, useLearnerLesson, useSubmitAttempt } from './learn.hooks.ts';
import { useBlockProgress } from './block-progress.hooks.ts';
import { LessonFeedbackForm } from './LessonFeedbackForm.tsx';
import { QuestionCard, type ShownGrade, type SubmittedAnswer } from './QuestionCard.tsx';
import { describeDuration } from './today.ts';

export function LessonPlayerPage() {
  const { courseId = '', lessonId = '' } = useParams();
  // A new lesson starts afresh: its answers, practice and feedback are its own.
  return <LessonPlayer key={`${courseId}/${lessonId}`} courseId={courseId} lessonId={lessonId} />;
}

function LessonPlayer({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  const lesson = useLearnerLesson(courseId, lessonId);
  const outline = useCourseOutline(courseId);
  usePageTitle(lesson.data?.title ?? 'Lesson');
  if (lesson.isPending) return <Loading label="Opening the lesson…" />;
  if (lesson.isError) {
    const isMissing = lesson.error instanceof ApiError && lesson.error.status === 404;
    return (
      <>
        <h1>{isMissing ? 'This lesson is not in your courses' : 'The lesson could not be opened'}</h1>
        {isMissing ? <p>It may belong to a course you are not enrolled in, or the link is incomplete.</p> : <ErrorAlert error={lesson.error} />}
        <p>
          <Link to="/learn" className="button">
            Go to Today
          </Link>
        </p>
      </>
    );
  }
  return <LessonView lesson={lesson.data} outline={outline.data} />;
}

type Grades = Record<string, ShownGrade>;

function LessonView({ lesson, outline }: { lesson: LearnerLesson; outline: CourseOutline | undefined }) {
  const { courseId, lessonId } = lesson;
  const media = useMediaItems(mediaIdsOfBlocks(lesson.blocks));
  const attempt = useSubmitAttempt();
  // The answers that count (one per question, from this visit or an earlier one) and the latest practice answers.
  const [counted, setCounted] = useState<Grades>(() => ({ ...lesson.answered }));
  const [practice, setPractice] = useState<Grades>({});
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [isCompletedNow, setIsCompletedNow] = useState(false);

  const questionIds = lesson.blocks.filter((block) => text(block.type) === 'question').map((block) => text(block.id));
  const isComplete = lesson.completed || isCompletedNow;
  const ordered = outline ? lessonsInOrder(outline) : [];
  const here = ordered.find((l) => l.lessonId === lessonId);
  const next = outline ? nextLessonAfter(outline, lessonId) : undefined;
  // How far the learner gets and how long they are active, for the authors' improvement queue.
  const progressRef = useBlockProgress(courseId, lessonId, isComplete);

  function submit(questionId: string, answer: SubmittedAnswer) {
    const isPractice = questionId in counted;
    setPendingId(questionId);
    setErrors((current) => ({ ...current, [questionId]: undefined }));
    attempt.mutate(
      { courseId, lessonId, questionId, ...answer, clientId: newClientId() },
      {
        onSuccess: (result) => {
          const grade = { correct: result.correct, score: result.score, feedback: result.feedback };
          if (isPractice) setPractice((current) => ({ ...current, [questionId]: { ...grade, isPractice: true } }));
          else setCounted((current) => ({ ...current, [questionId]: grade }));
          if (result.lessonCompleted) setIsCompletedNow(true);
        },
        onError: (error) => setErrors((current) => ({ ...current, [questionId]: error })),
        onSettled: () => setPendingId(null),
      },
    );
  }

  function renderQuestion(block: RenderedBlock) {
    const questionId = text(block.id);
    const question = readQuestion(block.question);
    if (!question) return <p className="muted">This question cannot be shown in this version of the app.</p>;
    const number = questionIds.indexOf(questionId) + 1;
    return (
      <QuestionCard
        question={question}
        label={`Question ${number} of ${questionIds.length}`}
        grade={practice[questionId] ?? counted[questionId]}
        isEarlierAnswer={questionId in lesson.answered && !(questionId in practice)}
        onSubmit={(answer) => submit(questionId, answer)}
        isSubmitting={pendingId === questionId}
        error={errors[questionId]}
        canPractise
      />
    );
  }

  const answeredCount = questionIds.filter((id) => id in counted).length;
  const rightFirstTime = questionIds.filter((id) => counted[id]?.correct).length;
  return (
    <article className="lesson-player" ref={progressRef}>
      <p className="breadcrumb">
        <Link to={`/learn/courses/${encodeURIComponent(courseId)}`}>{outline?.title ?? 'The course'}</Link>
      </p>
      <header className="lesson-head">
        <p className="eyebrow">
          {here ? `Lesson ${here.position} of ${ordered.length} · ` : ''}
          {describeDuration(lesson.estimatedSeconds)}
        </p>
        <h1>{lesson.title}</h1>
        <p className="lesson-core-question">
          <span className="lesson-core-question-label">Answers the question</span> {lesson.coreQuestion}
        </p>
      </header>

      {lesson.blocks.map((block, index) => (
        <div key={text(block.id) || index} className={`learner-block learner-block-${text(block.type)}`} data-block-index={index}>
          <LessonBlock block={block} media={media.byId} renderQuestion={renderQuestion} rememberPosition headingLevel={2} />
        </div>
      ))}

      <section className="lesson-end" aria-labelledby="lesson-end-title">
        <p role="status" className="visually-hidden">
          {isCompletedNow ? 'Lesson complete.' : ''}
        </p>
        {isComplete ? (
          <div className="lesson-complete">
            <span className="lesson-complete-mark" aria-hidden="true">
              ✓
            </span>
            <h2 id="lesson-end-title">Lesson complete</h2>
            {questionIds.length > 0 && (
              <p>
                {rightFirstTime === questionIds.length
                  ? `You got ${questionIds.length === 1 ? 'the question' : `all ${questionIds.length} questions`} right first time.`
                  : `You got ${rightFirstTime} of ${questionIds.length} right first time. What you missed comes back in your daily boost, so it sticks.`}
              </p>
            )}
          </div>
        ) : (
          <div className="lesson-progress">
            <h2 id="lesson-end-title">Finish the lesson</h2>
            <p>
              {answeredCount} of {plural(questionIds.length, 'question', 'questions')} answered. Answer {questionIds.length - answeredCount === 1 ? 'the last one' : 'them all'} to complete the lesson.
            </p>
          </div>
        )}
        {isComplete && <LessonFeedbackForm courseId={courseId} lessonId={lessonId} coreQuestion={lesson.coreQuestion} isGiven={lesson.feedbackGiven} />}
        <div className="lesson-next">
          {isComplete && next ? (
            <>
              <Link to={`/learn/courses/${encodeURIComponent(courseId)}/lessons/${encodeURIComponent(next.lessonId)}`} className="button button-primary button-block">
                Next lesson: {next.title}
              </Link>
              <Link to="/learn" className="button button-quiet button-block">
                Back to Today
              </Link>
            </>
          ) : (
            <Link to="/learn" className={isComplete ? 'button button-primary button-block' : 'button button-block'}>
              {isComplete && outline && !next ? 'Course finished: back to Today' : 'Back to Today'}
            </Link>
          )}
        </div>
      </section>
    </article>
  );
}
