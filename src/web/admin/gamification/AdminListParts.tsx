/**
 * The parts the admin's lists of badges and of rewards share, so both read and sound the same: a panel of the items
 * (notice of the last change, errors, loading, an empty state, the cards), a panel with the form adding one, an
 * item's card (its name with a chip while it is off, its description, its facts, then its actions or a form), and a
 * button acting on one named item.
 */
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { EmptyState, ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';

interface ItemsPanelProps {
  /** The heading's id: the panel is labelled by it. */
  headingId: string;
  title: string;
  /** What the list is for, under its heading. */
  intro?: ReactNode;
  /** The last change, announced politely. */
  notice: string | undefined;
  error: unknown;
  isLoading: boolean;
  loadingLabel: string;
  /** The empty state's title and what will make something appear. */
  empty: { title: string; hint: ReactNode };
  /** The items as `<li>` elements; undefined until loaded. */
  items: ReactNode[] | undefined;
}

export function ItemsPanel({ headingId, title, intro, notice, error, isLoading, loadingLabel, empty, items }: ItemsPanelProps) {
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {intro}
      <Notice>{notice}</Notice>
      <ErrorAlert error={error} />
      {isLoading ? (
        <Loading label={loadingLabel} />
      ) : !items || items.length === 0 ? (
        <EmptyState title={empty.title}>
          <p>{empty.hint}</p>
        </EmptyState>
      ) : (
        <ul className="card-list">{items}</ul>
      )}
    </section>
  );
}

/** The panel holding the form that adds an item ("Add a badge"). */
export function AddPanel({ headingId, title, children }: { headingId: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

interface ItemCardProps {
  /** The heading's id: the card is labelled by it. */
  headingId: string;
  name: string;
  /** The chip beside the name while the item is off ("Off", "Not offered"); nothing while it is on. */
  offLabel?: string | undefined;
  description?: string | undefined;
  /** The facts, as a paragraph of chips. */
  facts: ReactNode;
  /** The actions, or a form. */
  children: ReactNode;
}

export function ItemCard({ headingId, name, offLabel, description, facts, children }: ItemCardProps) {
  return (
    <article className="card card-compact" aria-labelledby={headingId}>
      <h3 className="card-title" id={headingId}>
        {name} {offLabel && <span className="chip chip-unpublished">{offLabel}</span>}
      </h3>
      {description && <p>{description}</p>}
      {facts}
      {children}
    </article>
  );
}

/**
 * A button acting on one item of a list (small unless `className` says otherwise): it shows its action ("Turn off")
 * and screen readers hear the item's name after it ("Turn off Ten-day streak"), so each button of the list has a
 * name of its own.
 */
export function ItemActionButton({ itemName, children, className = 'button button-small', ...rest }: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & { itemName: string; children: ReactNode }) {
  return (
    <button type="button" className={className} {...rest}>
      {children}
      <span className="visually-hidden"> {itemName}</span>
    </button>
  );
}
