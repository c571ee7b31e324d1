/** One block of the lesson editor: its header (number, kind, time, move and remove) and the form of its type. */
import type { Block, BlockOf } from '../lib/content-types.ts';
import { SelectField, TextField } from '../lib/fields.tsx';
import { LinesField, TextAreaField } from '../lib/form-controls.tsx';
import type { BlockIssue } from './lesson-draft.ts';
import { blockLabel, moveItem } from './lesson-draft.ts';
import { MediaPicker } from './MediaPicker.tsx';
import { QuestionEditor, RowTools } from './QuestionEditor.tsx';
import type { PanelFinding } from './StudioParts.tsx';
import { formatDuration, ruleTitle } from './studio-format.ts';

/** The id of a block's heading, which the lint panel focuses. */
export const blockHeadingId = (blockId: string) => `block-${blockId}`;

const optional = (value: string) => (value === '' ? undefined : value);

const MARKDOWN_HINT = (
  <>
    Markdown: <code>**bold**</code>, <code>*italic*</code>, lists (<code>1.</code> or <code>-</code>), <code>[link](https://…)</code>. Write <code>{'{{name}}'}</code> for a value each course fills in.
  </>
);

interface BlockEditorProps {
  block: Block;
  index: number;
  count: number;
  seconds: number | undefined;
  findings: readonly PanelFinding[];
  issues: readonly BlockIssue[];
  onChange: (block: Block) => void;
  onMove: (direction: -1 | 1) => void;
  onRemove: () => void;
}

/** A block as a card: what it is, how long it takes, its problems, and its fields. */
export function BlockEditor({ block, index, count, seconds, findings, issues, onChange, onMove, onRemove }: BlockEditorProps) {
  const label = blockLabel(block);
  const name = `block ${index + 1} (${label})`;
  const hasError = issues.length > 0 || findings.some((finding) => finding.severity === 'error');
  return (
    <li className={hasError ? 'block-card has-error' : 'block-card'} data-block-id={block.id}>
      <div className="block-head">
        <h3 id={blockHeadingId(block.id)} tabIndex={-1} className="block-title">
          <span className="block-number">{index + 1}</span>
          {label}
        </h3>
        {seconds !== undefined && (
          <span className="block-time" title="Estimated time for this block">
            <span className="visually-hidden">Takes about </span>
            {formatDuration(seconds)}
          </span>
        )}
        <div className="row-tools">
          <button type="button" className="icon-button" onClick={() => onMove(-1)} disabled={index === 0} title="Move up" data-action="up">
            <span aria-hidden="true">↑</span>
            <span className="visually-hidden">Move {name} up</span>
          </button>
          <button type="button" className="icon-button" onClick={() => onMove(1)} disabled={index === count - 1} title="Move down" data-action="down">
            <span aria-hidden="true">↓</span>
            <span className="visually-hidden">Move {name} down</span>
          </button>
          <button type="button" className="icon-button icon-button-danger" onClick={onRemove} title="Remove block">
            <span aria-hidden="true">✕</span>
            <span className="visually-hidden">Remove {name}</span>
          </button>
        </div>
      </div>
      {(issues.length > 0 || findings.length > 0) && (
        <ul className="block-problems">
          {issues.map((issue, i) => (
            <li key={`issue-${i}`} className="block-problem is-error">
              <strong>{issue.where}:</strong> {issue.message}
            </li>
          ))}
          {findings.map((finding, i) => (
            <li key={`finding-${i}`} className={`block-problem is-${finding.severity}`}>
              <strong>{ruleTitle(finding.rule)}:</strong> {finding.message}
            </li>
          ))}
        </ul>
      )}
      <div className="block-fields">
        <BlockFields block={block} onChange={onChange} />
      </div>
    </li>
  );
}

function BlockFields({ block, onChange }: { block: Block; onChange: (block: Block) => void }) {
  switch (block.type) {
    case 'text':
      return <TextAreaField label="Text" hint={MARKDOWN_HINT} rows={6} value={block.markdown} onValueChange={(markdown) => onChange({ ...block, markdown })} maxLength={20_000} />;
    case 'image':
      return (
        <>
          <MediaPicker kinds={['image']} label="Image" value={block.mediaId || undefined} onChange={(mediaId) => onChange({ ...block, mediaId: mediaId ?? '' })} />
          <TextField
            label="Alternative text"
            hint="What the image shows, for people using a screen reader, e.g. “The till screen with the Refund button circled”."
            value={block.alt}
            onValueChange={(alt) => onChange({ ...block, alt })}
            maxLength={500}
          />
          <TextField label="Caption (optional)" value={block.caption ?? ''} onValueChange={(caption) => onChange({ ...block, caption: optional(caption) })} maxLength={500} />
        </>
      );
    case 'video':
      return (
        <>
          <MediaPicker kinds={['video']} label="Video" value={block.mediaId || undefined} onChange={(mediaId) => onChange({ ...block, mediaId: mediaId ?? '' })} />
          <TextField label="Title (optional)" value={block.title ?? ''} onValueChange={(title) => onChange({ ...block, title: optional(title) })} maxLength={200} />
        </>
      );
    case 'audio':
      return (
        <>
          <MediaPicker kinds={['audio']} label="Audio" value={block.mediaId || undefined} onChange={(mediaId) => onChange({ ...block, mediaId: mediaId ?? '' })} />
          <TextField label="Title (optional)" value={block.title ?? ''} onValueChange={(title) => onChange({ ...block, title: optional(title) })} maxLength={200} />
          <TextAreaField label="Transcript (optional)" hint="For people who cannot listen; a transcript or captions are needed." rows={4} value={block.transcript ?? ''} onValueChange={(transcript) => onChange({ ...block, transcript: optional(transcript) })} maxLength={20_000} />
        </>
      );
    case 'skill_demo':
      return <SkillDemoFields block={block} onChange={onChange} />;
    case 'tool':
      return (
        <>
          <div className="form-grid">
            <SelectField
              label="Kind of tool"
              value={block.kind}
              onValueChange={(kind) => onChange({ ...block, kind: kind as BlockOf<'tool'>['kind'] })}
              options={[
                { value: 'checklist', label: 'Checklist' },
                { value: 'template', label: 'Template to copy' },
                { value: 'link', label: 'Link to where the work is done' },
              ]}
            />
            <TextField label="Title" value={block.title} onValueChange={(title) => onChange({ ...block, title })} maxLength={200} />
          </div>
          {block.kind === 'checklist' && <LinesField label="Checklist items" hint="One per line, in order; learners tick them off." rows={5} values={block.items} onValuesChange={(items) => onChange({ ...block, items })} />}
          {block.kind === 'template' && (
            <TextAreaField label="Template" hint="Text the learner copies and adapts." className="field-mono" rows={6} value={block.template ?? ''} onValueChange={(template) => onChange({ ...block, template: optional(template) })} maxLength={10_000} />
          )}
          {block.kind === 'link' && (
            <TextField label="Link" hint="An https:// address, e.g. the form in your CRM." type="url" value={block.url ?? ''} onValueChange={(url) => onChange({ ...block, url: optional(url.trim()) })} inputMode="url" autoComplete="off" />
          )}
        </>
      );
    case 'sample':
      return (
        <>
          <div className="form-grid">
            <SelectField
              label="Kind of sample"
              value={block.format}
              onValueChange={(format) => onChange({ ...block, format: format === 'code' ? 'code' : 'text' })}
              options={[
                { value: 'text', label: 'Text (a script, an email, a message)' },
                { value: 'code', label: 'Code' },
              ]}
            />
            {block.format === 'code' && <TextField label="Language (optional)" hint="e.g. sql, python" value={block.language ?? ''} onValueChange={(language) => onChange({ ...block, language: optional(language) })} maxLength={40} autoComplete="off" spellCheck={false} />}
          </div>
          <TextAreaField label="Sample" className="field-mono" rows={6} value={block.content} onValueChange={(content) => onChange({ ...block, content })} maxLength={20_000} spellCheck={block.format === 'text'} />
          <TextField label="Caption (optional)" value={block.caption ?? ''} onValueChange={(caption) => onChange({ ...block, caption: optional(caption) })} maxLength={500} />
        </>
      );
    case 'case_study':
      return (
        <>
          <TextAreaField label="Scenario" hint={MARKDOWN_HINT} rows={5} value={block.scenario} onValueChange={(scenario) => onChange({ ...block, scenario })} maxLength={10_000} />
          <LinesField label="Things to consider" hint="One per line: the questions the learner should think through." rows={3} values={block.considerations} onValuesChange={(considerations) => onChange({ ...block, considerations })} />
        </>
      );
    case 'question':
      return <QuestionEditor question={block.question} onChange={(question) => onChange({ ...block, question })} />;
  }
}

function SkillDemoFields({ block, onChange }: { block: BlockOf<'skill_demo'>; onChange: (block: Block) => void }) {
  const setSteps = (steps: BlockOf<'skill_demo'>['steps']) => onChange({ ...block, steps });
  return (
    <>
      <TextField label="Title (optional)" value={block.title ?? ''} onValueChange={(title) => onChange({ ...block, title: optional(title) })} maxLength={200} />
      <fieldset className="sub-editor">
        <legend>Steps</legend>
        <p className="hint">Numbered steps, each with an image or a short clip showing it.</p>
        <ol className="option-list">
          {block.steps.map((step, index) => (
            // Steps have no ids; their position is their identity while editing.
            <li key={index} className="option-row step-row">
              <div className="option-fields">
                <TextAreaField label={`Step ${index + 1}`} rows={2} value={step.text} onValueChange={(text) => setSteps(block.steps.map((s, i) => (i === index ? { ...s, text } : s)))} maxLength={1000} />
                <MediaPicker
                  kinds={['image', 'video']}
                  label={`Picture or clip for step ${index + 1} (optional)`}
                  value={step.mediaId}
                  isOptional
                  onChange={(mediaId) => setSteps(block.steps.map((s, i) => (i === index ? { text: s.text, ...(mediaId && { mediaId }) } : s)))}
                />
              </div>
              <RowTools index={index} count={block.steps.length} name={`step ${index + 1}`} onMove={(to) => setSteps(moveItem(block.steps, index, to))} onRemove={() => setSteps(block.steps.filter((_, i) => i !== index))} />
            </li>
          ))}
        </ol>
        <button type="button" className="button button-small" disabled={block.steps.length >= 20} onClick={() => setSteps([...block.steps, { text: '' }])}>
          Add step
        </button>
      </fieldset>
    </>
  );
}
