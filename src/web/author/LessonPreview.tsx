/**
 * "Preview as learner": the saved lesson as `GET /api/lessons/:id/preview` renders it for learners, inside a
 * phone-sized frame, every block read-only. Text and scenarios arrive as HTML the server sanitised with an
 * allow-list, which is why they are inserted as HTML here; everything else is rendered as plain text by React.
 */
import type { ReactNode } from 'react';
import type { MediaItem, RenderedLesson } from '../lib/content-types.ts';
import { mediaUrls } from './media.hooks.ts';

type RenderedBlock = RenderedLesson['blocks'][number];

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

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
            <PreviewBlock block={block} media={media} />
          </div>
        ))}
      </article>
    </div>
  );
}

function Captions({ item }: { item: MediaItem | undefined }) {
  if (!item) return null;
  return (
    <>
      {item.captions.map((track, index) => (
        <track key={track.language} kind="captions" src={mediaUrls.captions(item.id, track.language)} srcLang={track.language} label={track.label || track.language} default={index === 0} />
      ))}
    </>
  );
}

function MediaView({ mediaId, media, title }: { mediaId: string; media: ReadonlyMap<string, MediaItem>; title?: string }) {
  const item = media.get(mediaId);
  if (item?.kind === 'image') return <img src={mediaUrls.content(mediaId)} alt={title ?? ''} className="learner-media" />;
  if (item?.kind === 'audio') {
    return (
      <audio controls preload="metadata" src={mediaUrls.content(mediaId)} className="learner-media" aria-label={title || 'Audio'}>
        <Captions item={item} />
      </audio>
    );
  }
  return (
    <video controls preload="metadata" playsInline src={mediaUrls.content(mediaId)} poster={item?.hasPoster ? mediaUrls.poster(mediaId) : undefined} className="learner-media" aria-label={title || 'Video'}>
      <Captions item={item} />
    </video>
  );
}

function Figure({ children, caption }: { children: ReactNode; caption?: string }) {
  return (
    <figure className="learner-figure">
      {children}
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}

function PreviewBlock({ block, media }: { block: RenderedBlock; media: ReadonlyMap<string, MediaItem> }) {
  switch (text(block.type)) {
    case 'text':
      return <div className="prose" dangerouslySetInnerHTML={{ __html: text(block.html) }} />;
    case 'image':
      return (
        <Figure caption={text(block.caption)}>
          <img src={mediaUrls.content(text(block.mediaId))} alt={text(block.alt)} className="learner-media" />
        </Figure>
      );
    case 'video':
    case 'audio':
      return (
        <Figure caption={text(block.title)}>
          <MediaView mediaId={text(block.mediaId)} media={media} title={text(block.title)} />
        </Figure>
      );
    case 'skill_demo':
      return (
        <>
          {text(block.title) && <h4>{text(block.title)}</h4>}
          <ol className="learner-steps">
            {list(block.steps).map((step, index) => {
              const s = record(step);
              return (
                <li key={index}>
                  <p>{text(s.text)}</p>
                  {text(s.mediaId) && <MediaView mediaId={text(s.mediaId)} media={media} title={`Step ${index + 1}`} />}
                </li>
              );
            })}
          </ol>
        </>
      );
    case 'tool':
      return <ToolView block={block} />;
    case 'sample':
      return (
        <Figure caption={text(block.caption)}>
          {text(block.format) === 'code' ? (
            <pre className="learner-sample" tabIndex={0}>
              <code>{text(block.content)}</code>
            </pre>
          ) : (
            <blockquote className="learner-sample learner-sample-text">{text(block.content)}</blockquote>
          )}
        </Figure>
      );
    case 'case_study':
      return (
        <>
          <p className="learner-label">Case study</p>
          <div className="prose" dangerouslySetInnerHTML={{ __html: text(block.scenarioHtml) }} />
          {list(block.considerations).length > 0 && (
            <>
              <p className="learner-label">Think about</p>
              <ul>
                {list(block.considerations).map((item, index) => (
                  <li key={index}>{text(item)}</li>
                ))}
              </ul>
            </>
          )}
        </>
      );
    case 'question':
      return <QuestionView question={record(block.question)} />;
    default:
      return <p className="muted">This kind of block cannot be previewed yet.</p>;
  }
}

function ToolView({ block }: { block: RenderedBlock }) {
  const kind = text(block.kind);
  return (
    <>
      <h4>{text(block.title)}</h4>
      {kind === 'checklist' && (
        <ul className="learner-checklist">
          {list(block.items).map((item, index) => (
            <li key={index}>
              <span className="learner-box" aria-hidden="true" />
              {text(item)}
            </li>
          ))}
        </ul>
      )}
      {kind === 'template' && (
        <pre className="learner-sample" tabIndex={0}>
          {text(block.template)}
        </pre>
      )}
      {kind === 'link' && text(block.url) && (
        <p>
          <a href={text(block.url)} target="_blank" rel="noopener noreferrer nofollow">
            Open {text(block.title)}
          </a>
        </p>
      )}
    </>
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
