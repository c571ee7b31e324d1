/**
 * One block of a lesson as learners see it — text, image, video, audio, skill demonstration, tool, sample, case
 * study — shared by the learner's lesson player and the author's "Preview as learner". Text and scenarios arrive
 * as HTML the server sanitised with an allow-list, which is why they are inserted as HTML here; everything else
 * is rendered as plain text by React. Questions are rendered by the caller (answerable or read-only).
 */
import { useId, useState, type ReactNode } from 'react';
import type { MediaItem } from '../content-types.ts';
import { CheckboxField } from '../form-controls.tsx';
import { list, record, text, type RenderedBlock } from './block-data.ts';
import { MediaView } from './MediaPlayer.tsx';
import { mediaUrls } from './media.hooks.ts';

export interface LessonBlockProps {
  block: RenderedBlock;
  media: ReadonlyMap<string, MediaItem>;
  /** Renders a question block. */
  renderQuestion: (block: RenderedBlock) => ReactNode;
  /** Remember where video and audio stopped (the learner app). */
  rememberPosition?: boolean;
  /** The level of the blocks' own headings (skill demo, tool): one below the lesson title. Default 4. */
  headingLevel?: HeadingLevel;
}

type HeadingLevel = 2 | 3 | 4;

/** A heading at the level the surrounding page needs. */
function Heading({ level, id, children }: { level: HeadingLevel; id?: string; children: ReactNode }) {
  const Tag = `h${level}` as const;
  return (
    <Tag id={id} className="learner-block-heading">
      {children}
    </Tag>
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

/** The block's content, by type. */
export function LessonBlock({ block, media, renderQuestion, rememberPosition = false, headingLevel = 4 }: LessonBlockProps) {
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
          <MediaView mediaId={text(block.mediaId)} item={media.get(text(block.mediaId))} title={text(block.title)} rememberPosition={rememberPosition} />
          {text(block.transcript) && (
            <details className="learner-transcript">
              <summary>Transcript</summary>
              <p>{text(block.transcript)}</p>
            </details>
          )}
        </Figure>
      );
    case 'skill_demo':
      return <SkillDemo block={block} media={media} rememberPosition={rememberPosition} headingLevel={headingLevel} />;
    case 'tool':
      return <Tool block={block} headingLevel={headingLevel} />;
    case 'sample':
      return (
        <Figure caption={text(block.caption)}>
          {text(block.format) === 'code' ? (
            <pre className="learner-sample" tabIndex={0} role="region" aria-label={text(block.caption) || 'Code sample'}>
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
      return renderQuestion(block);
    default:
      return <p className="muted">This part of the lesson cannot be shown here.</p>;
  }
}

/** A skill demonstration, one step at a time ("Step 2 of 4"), with Previous and Next. */
function SkillDemo({ block, media, rememberPosition, headingLevel }: { block: RenderedBlock; media: ReadonlyMap<string, MediaItem>; rememberPosition: boolean; headingLevel: HeadingLevel }) {
  const steps = list(block.steps).map(record);
  const [index, setIndex] = useState(0);
  const id = useId();
  const step = steps[index];
  if (!step) return null;
  const title = text(block.title);
  return (
    <section className="skill-demo" aria-labelledby={`${id}-title`}>
      <Heading level={headingLevel} id={`${id}-title`}>
        {title || 'Step by step'}
      </Heading>
      <p className="skill-demo-count" id={`${id}-count`} aria-live="polite">
        Step {index + 1} of {steps.length}
      </p>
      <div className="skill-demo-step" role="group" aria-labelledby={`${id}-count`}>
        <p>{text(step.text)}</p>
        {text(step.mediaId) && <MediaView key={index} mediaId={text(step.mediaId)} item={media.get(text(step.mediaId))} title={`Step ${index + 1}`} rememberPosition={rememberPosition} />}
      </div>
      {steps.length > 1 && (
        <div className="skill-demo-nav">
          <button type="button" className="button" onClick={() => setIndex(index - 1)} disabled={index === 0}>
            Previous step
          </button>
          <button type="button" className="button" onClick={() => setIndex(index + 1)} disabled={index === steps.length - 1}>
            Next step
          </button>
        </div>
      )}
    </section>
  );
}

/** A tool: a checklist to tick (kept on this page only), a template to copy, or a link to where the work is done. */
function Tool({ block, headingLevel }: { block: RenderedBlock; headingLevel: HeadingLevel }) {
  const kind = text(block.kind);
  const title = text(block.title);
  return (
    <>
      <Heading level={headingLevel}>{title}</Heading>
      {kind === 'checklist' && <Checklist title={title} items={list(block.items).map(text)} />}
      {kind === 'template' && <Template title={title} template={text(block.template)} />}
      {kind === 'link' && text(block.url) && (
        <p>
          <a href={text(block.url)} target="_blank" rel="noopener noreferrer nofollow" className="button">
            Open {title}
            <span className="visually-hidden"> (opens in a new tab)</span>
            <span aria-hidden="true"> ↗</span>
          </a>
        </p>
      )}
    </>
  );
}

function Checklist({ title, items }: { title: string; items: string[] }) {
  const [ticked, setTicked] = useState<ReadonlySet<number>>(new Set());
  return (
    <div className="learner-checklist" role="group" aria-label={title || 'Checklist'}>
      {items.map((item, index) => (
        <CheckboxField
          key={index}
          label={item}
          checked={ticked.has(index)}
          onCheckedChange={(checked) => {
            const next = new Set(ticked);
            if (checked) next.add(index);
            else next.delete(index);
            setTicked(next);
          }}
        />
      ))}
      <p className="hint">
        {ticked.size} of {items.length} done
      </p>
    </div>
  );
}

function Template({ title, template }: { title: string; template: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(template);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <>
      <pre className="learner-sample" tabIndex={0} role="region" aria-label={title || 'Template'}>
        {template}
      </pre>
      <div className="tool-copy">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy template
        </button>
        <span role="status" className="tool-copy-status">
          {state === 'copied' ? '✓ Copied' : state === 'failed' ? 'Could not copy: select the text and copy it yourself.' : ''}
        </span>
      </div>
    </>
  );
}
