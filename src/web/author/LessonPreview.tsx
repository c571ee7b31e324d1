/**
 * "Preview as learner": the saved lesson as `GET /api/lessons/:id/preview` renders it for learners, inside a
 * phone-sized frame. Every block but the questions is the learner app's own (`lib/blocks`); questions are shown
 * read-only, since nothing is graded here.
 */
import type { MediaItem, RenderedLesson } from '../lib/content-types.ts';
import { list, record, text } from '../lib/blocks/block-data.ts';
import { LessonBlock } from '../lib/blocks/LessonBlock.tsx';

/** The phone frame with the lesson inside: its title, core question and blocks. */
export function PhoneFrame({ lesson, media }: { lesson: RenderedLesson; media: ReadonlyMap<string, MediaItem> }) {
  return (
    // Scrollable, so it takes focus and can be scrolled with the keyboard.
    <div className="phone-frame" role="region" aria-label="The lesson as a learner sees it" tabIndex={0}>
      <article className="learner-lesson">
        <header className="learner-lesson-head">
          <p className="learner-core-question">{lesson.coreQuestion}</p>
          <h3 className="learner-title">{lesson.title}</h3>
        </header>
        {lesson.blocks.map((block, index) => (
          <div key={text(block.id) || index} className={`learner-block learner-block-${text(block.type)}`}>
            <LessonBlock block={block} media={media} renderQuestion={(question) => <QuestionView question={record(question.question)} />} />
          </div>
        ))}
      </article>
    </div>
  );
}

/** A question as learners see it (no answers are in the preview), read-only. */
function QuestionView({ question }: { question: Record<string, unknown> }) {
  const kind = text(question.kind);
  return (
    <div className="learner-question">
      <p className="learner-label">Question</p>
      {kind !== 'cloze' && <p className="learner-prompt">{text(question.prompt)}</p>}
      {(kind === 'single_choice' || kind === 'multiple_choice') && (
        <ul className={`learner-options ${kind === 'single_choice' ? 'is-single' : 'is-multiple'}`}>
          {list(question.options).map((option) => {
            const o = record(option);
            return (
              <li key={text(o.id)}>
                <span className="learner-marker" aria-hidden="true" />
                {text(o.text)}
              </li>
            );
          })}
        </ul>
      )}
      {kind === 'multiple_choice' && <p className="hint">Choose every right answer.</p>}
      {kind === 'true_false' && (
        <ul className="learner-options learner-true-false">
          <li>True</li>
          <li>False</li>
        </ul>
      )}
      {kind === 'ordering' && (
        <>
          <p className="hint">Put these in order:</p>
          <ol className="learner-ordering">
            {list(question.items).map((item) => {
              const i = record(item);
              return <li key={text(i.id)}>{text(i.text)}</li>;
            })}
          </ol>
        </>
      )}
      {kind === 'cloze' && (
        <>
          <p className="learner-prompt">{text(question.prompt)}</p>
          <p className="learner-cloze">
            {list(question.parts).map((part, index, parts) => (
              <span key={index}>
                {text(part)}
                {index < parts.length - 1 && (
                  <span className="learner-blank">
                    <span className="visually-hidden">blank {index + 1}</span>
                  </span>
                )}
              </span>
            ))}
          </p>
        </>
      )}
      {kind === 'short_text' && <p className="learner-answer-box">The learner types a short answer here.</p>}
      {question.askConfidence === true && <p className="hint">Then: “How sure are you?”</p>}
    </div>
  );
}
