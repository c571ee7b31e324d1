/**
 * Badges (issue 7): awarded once when a learner's lifetime facts meet a badge's rule (core/gamification/badges.ts),
 * checked at each points sync; each award is published as an Open Badges 2.0 Assertion (hosted verification) under
 * `<PUBLIC_URL>/openbadges/<organisation slug>/…`, with the issuer profile, the badge class and its image beside it.
 * An organisation starts with the default badges; admins add their own and turn any off.
 */
import { randomBytes } from 'node:crypto';
import { BadgeDefinition, BadgeRule, badgesEarned, buildAssertion, buildBadgeClass, buildIssuerProfile, DEFAULT_BADGES, recallWindowDays } from '../../../core/gamification/index.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/db-errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type Actor, type IdentityService, requirePerson, requireRole } from '../identity/index.ts';
import type { LearningService } from '../learning/index.ts';
import * as repo from './gamification.repository.ts';
import type { BadgeBody, BadgePatch, BadgeView, MyBadges } from './badges.schemas.ts';

export interface BadgesDeps {
  db: Db;
  clock: Clock;
  identity: IdentityService;
  learning: LearningService;
  /** Where Morsel is reached from outside: assertions are hosted there. */
  publicUrl: string;
  /** The issuer's contact address in the issuer profile (Open Badges asks for one). */
  issuerEmail: string;
  /** Every certification's title by id (badge rules name certifications). */
  certificationTitles: (orgId: string) => Promise<Map<string, string>>;
}

const DAY_MS = 86_400_000;

type BadgeRow = Awaited<ReturnType<typeof repo.listBadges>>[number];

function viewOf(row: BadgeRow, titles: ReadonlyMap<string, string>): BadgeView {
  const rule = BadgeRule.parse(JSON.parse(row.rule));
  const certificationTitle = rule.kind === 'certification_earned' && rule.certificationId !== undefined ? (titles.get(rule.certificationId) ?? null) : null;
  return { id: row.id, slug: row.slug, name: row.name, description: row.description, rule, certificationTitle, active: row.active === 1 };
}

export function createBadgesService({ db, clock, identity, learning, publicUrl, issuerEmail, certificationTitles }: BadgesDeps) {
  const baseUrlOf = (orgSlug: string) => `${publicUrl}/openbadges/${encodeURIComponent(orgSlug)}`;

  /** The organisation's badges; the default set is added the first time they are read. */
  async function badgesOf(orgId: string): Promise<BadgeRow[]> {
    const rows = await repo.listBadges(db, orgId);
    if (rows.length > 0) return rows;
    const now = clock.now().getTime();
    // A millisecond apart, so they list in the default set's order (badges list by creation).
    await repo.insertBadgesIfAbsent(
      db,
      DEFAULT_BADGES.map((badge, k) => {
        const at = new Date(now + k).toISOString();
        return { id: newId(), org_id: orgId, slug: badge.id, name: badge.name, description: badge.description, rule: JSON.stringify(badge.rule), active: 1, created_at: at, updated_at: at };
      }),
    );
    return repo.listBadges(db, orgId);
  }

  /**
   * The organisation's certification titles, checking that a rule names one of them.
   * @throws ValidationError (field `rule.certificationId`) when it names a certification the organisation does not have.
   */
  async function titlesChecking(orgId: string, rule: BadgeRule | undefined): Promise<Map<string, string>> {
    const titles = await certificationTitles(orgId);
    if (rule?.kind === 'certification_earned' && rule.certificationId !== undefined && !titles.has(rule.certificationId)) {
      throw new ValidationError('This badge names a certification the organisation does not have.', { issues: [{ field: 'body.rule.certificationId', message: 'Choose one of the organisation’s certifications.' }] });
    }
    return titles;
  }

  /** An organisation by its slug, for the public documents. @throws NotFoundError */
  async function organisationBySlug(orgSlug: string) {
    const organisation = await identity.resolveOrganisation(orgSlug);
    if (organisation.slug !== orgSlug) throw new NotFoundError('organisation', orgSlug);
    return organisation;
  }

  return {
    /**
     * Awards every active badge whose rule the person now meets and that they do not hold yet (once: a badge and a
     * person are unique together). Called by the points sync, one person at a time.
     * @returns the slugs newly awarded.
     */
    async evaluate(orgId: string, personId: string, longestStreak: number): Promise<string[]> {
      const rows = (await badgesOf(orgId)).filter((row) => row.active === 1);
      if (rows.length === 0) return [];
      const definitions = rows.map((row) => BadgeDefinition.parse({ id: row.slug, name: row.name, description: row.description, rule: JSON.parse(row.rule) }));
      const held = new Set((await repo.listBadgeAwards(db, orgId, personId)).map((award) => award.slug));
      if (definitions.every((badge) => held.has(badge.id))) return [];
      const now = clock.now();
      const facts = await learning.badgeFacts(orgId, personId, new Date(now.getTime() - recallWindowDays(definitions) * DAY_MS).toISOString());
      const pointsEarned = (await repo.totalsOf(db, orgId, personId, [repo.ALL_TIME])).get(repo.ALL_TIME) ?? 0;
      const earned = badgesEarned({ at: now.toISOString(), ...facts, longestStreak, pointsEarned }, definitions, held);
      const bySlug = new Map(rows.map((row) => [row.slug, row]));
      const awarded: string[] = [];
      for (const slug of earned) {
        const inserted = await repo.insertBadgeAwardIfAbsent(db, { id: newId(), org_id: orgId, badge_id: bySlug.get(slug)!.id, person_id: personId, salt: randomBytes(16).toString('hex'), awarded_at: now.toISOString() });
        if (inserted) awarded.push(slug);
      }
      return awarded;
    },

    /** The learner's badges: those earned (with the URL of each Open Badges assertion) and those still to earn. */
    async myBadges(actor: Actor): Promise<MyBadges> {
      const person = requirePerson(actor);
      const organisation = await identity.getOrganisation(person);
      const rows = await badgesOf(person.orgId);
      const awards = new Map((await repo.listBadgeAwards(db, person.orgId, person.personId)).map((award) => [award.badge_id, award]));
      const base = baseUrlOf(organisation.slug);
      const titles = await certificationTitles(person.orgId);
      return {
        earned: rows
          .filter((row) => awards.has(row.id))
          .map((row) => ({ ...viewOf(row, titles), awardedAt: awards.get(row.id)!.awarded_at, assertionUrl: `${base}/assertions/${awards.get(row.id)!.id}`, imageUrl: `${base}/badges/${row.id}/image` }))
          .sort((a, b) => (a.awardedAt < b.awardedAt ? 1 : -1)),
        available: rows.filter((row) => row.active === 1 && !awards.has(row.id)).map((row) => ({ ...viewOf(row, titles), imageUrl: `${base}/badges/${row.id}/image` })),
      };
    },

    /** Every badge of the organisation (admins). */
    async list(actor: Actor): Promise<BadgeView[]> {
      requireRole(actor, ['admin']);
      const titles = await certificationTitles(actor.orgId);
      return (await badgesOf(actor.orgId)).map((row) => viewOf(row, titles));
    },

    /** A badge of the organisation's own (admins). @throws AppError conflict when the slug is taken. */
    async create(actor: Actor, body: BadgeBody): Promise<BadgeView> {
      requireRole(actor, ['admin']);
      const titles = await titlesChecking(actor.orgId, body.rule);
      await badgesOf(actor.orgId);
      const at = clock.now().toISOString();
      const row = { id: newId(), org_id: actor.orgId, slug: body.slug, name: body.name, description: body.description, rule: JSON.stringify(body.rule), active: body.active === false ? 0 : 1, created_at: at, updated_at: at };
      try {
        await repo.insertBadge(db, row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('conflict', `A badge "${body.slug}" exists already.`, { field: 'slug' });
        throw error;
      }
      return viewOf(row, titles);
    },

    /** Renames, changes the rule of, or turns a badge off or on (admins); badges already awarded stay awarded. */
    async update(actor: Actor, badgeId: string, patch: BadgePatch): Promise<BadgeView> {
      requireRole(actor, ['admin']);
      const row = (await badgesOf(actor.orgId)).find((b) => b.id === badgeId);
      if (!row) throw new NotFoundError('badge', badgeId);
      const titles = await titlesChecking(actor.orgId, patch.rule);
      const next = {
        ...row,
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.rule !== undefined && { rule: JSON.stringify(patch.rule) }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        updated_at: clock.now().toISOString(),
      };
      await repo.updateBadge(db, actor.orgId, badgeId, { name: next.name, description: next.description, rule: next.rule, active: next.active, updated_at: next.updated_at });
      return viewOf(next, titles);
    },

    /** The Open Badges issuer profile of an organisation. @throws NotFoundError */
    async issuerDocument(orgSlug: string) {
      const organisation = await organisationBySlug(orgSlug);
      return buildIssuerProfile({ baseUrl: baseUrlOf(organisation.slug), name: organisation.name, url: publicUrl, email: issuerEmail });
    },

    /** The Open Badges BadgeClass of a badge. @throws NotFoundError */
    async badgeClassDocument(orgSlug: string, badgeId: string) {
      const organisation = await organisationBySlug(orgSlug);
      const row = (await repo.listBadges(db, organisation.id)).find((b) => b.id === badgeId);
      if (!row) throw new NotFoundError('badge', badgeId);
      return buildBadgeClass({ baseUrl: baseUrlOf(organisation.slug), badgeId: row.id, name: row.name, description: row.description, criteriaNarrative: row.description });
    },

    /** The badge's picture: a medal with its initials, as SVG. @throws NotFoundError */
    async badgeImage(orgSlug: string, badgeId: string): Promise<string> {
      const organisation = await organisationBySlug(orgSlug);
      const row = (await repo.listBadges(db, organisation.id)).find((b) => b.id === badgeId);
      if (!row) throw new NotFoundError('badge', badgeId);
      return badgeSvg(row.name);
    },

    /** The Open Badges Assertion of one award (its recipient's email only hashed). @throws NotFoundError */
    async assertionDocument(orgSlug: string, awardId: string) {
      const organisation = await organisationBySlug(orgSlug);
      const award = await repo.findBadgeAward(db, organisation.id, awardId);
      if (!award) throw new NotFoundError('assertion', awardId);
      return buildAssertion({ baseUrl: baseUrlOf(organisation.slug), assertionId: award.id, badgeId: award.badge_id, email: award.email, salt: award.salt, issuedOn: award.awarded_at });
    },
  };
}

export type BadgesService = ReturnType<typeof createBadgesService>;

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A round medal with up to two initials of the badge's name. */
function badgeSvg(name: string): string {
  const initials = name
    .split(/\s+/)
    .filter((word) => /^[\p{L}\p{N}]/u.test(word))
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" aria-label="${escapeXml(name)}">
<circle cx="128" cy="128" r="120" fill="#1d3f80"/><circle cx="128" cy="128" r="100" fill="none" stroke="#f2c14e" stroke-width="10"/>
<text x="128" y="150" font-family="sans-serif" font-size="72" font-weight="700" fill="#fff" text-anchor="middle">${escapeXml(initials)}</text></svg>`;
}
