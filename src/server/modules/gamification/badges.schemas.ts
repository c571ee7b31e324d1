/** The badges API's request and response schemas. Isomorphic: the web client imports them too (types only). */
import { z } from 'zod';
import { BadgeRule } from '../../../core/gamification/badges.ts';

export const BadgeView = z.object({
  id: z.string(),
  /** The badge's id in the rules, e.g. `streak-10`. */
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  rule: BadgeRule,
  /** The title of the certification the rule names (a `certification_earned` rule with an id), else null. */
  certificationTitle: z.string().nullable(),
  active: z.boolean(),
});
export type BadgeView = z.infer<typeof BadgeView>;

export const MyBadges = z.object({
  earned: z.array(BadgeView.extend({ awardedAt: z.string(), imageUrl: z.string(), /** The Open Badges 2.0 assertion (JSON-LD), hosted: add `?download=1` to save it. */ assertionUrl: z.string() })),
  available: z.array(BadgeView.extend({ imageUrl: z.string() })),
});
export type MyBadges = z.infer<typeof MyBadges>;

export const BadgeBody = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Use lower-case letters, digits and hyphens (up to 64).'),
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().min(1).max(500),
    rule: BadgeRule,
    active: z.boolean().optional(),
  })
  .strict();
export type BadgeBody = z.infer<typeof BadgeBody>;

export const BadgePatch = z
  .object({ name: z.string().trim().min(1).max(100), description: z.string().trim().min(1).max(500), rule: BadgeRule, active: z.boolean() })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Change at least one field.' });
export type BadgePatch = z.infer<typeof BadgePatch>;

/** Public Open Badges documents: an organisation's slug and a badge's or an award's id. */
export const OrgParams = z.object({ org: z.string().min(1).max(100) });
export const BadgeParams = OrgParams.extend({ badgeId: z.string().min(1).max(64) });
export const AssertionParams = OrgParams.extend({ awardId: z.string().min(1).max(64) });
export const DownloadQuery = z.object({ download: z.stringbool().optional() });
