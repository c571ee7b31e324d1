/** Where each role leads: home pages and the areas of the navigation. Pure, so it is unit tested. */
import type { Role } from './api-types.ts';

/** Every role, in the order the UI lists them. */
export const ROLES: readonly Role[] = ['admin', 'author', 'manager', 'learner'];

/** Human names of the roles. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  author: 'Author',
  manager: 'Manager',
  learner: 'Learner',
};

/** True when the person holds at least one of the roles. */
export function hasAnyRole(roles: readonly Role[], wanted: readonly Role[]): boolean {
  return wanted.some((role) => roles.includes(role));
}

/** The page a person lands on after signing in: the most powerful area their roles open. */
export function homePathFor(roles: readonly Role[]): string {
  if (roles.includes('admin')) return '/admin/people';
  if (roles.includes('author')) return '/author';
  if (roles.includes('manager')) return '/manage';
  return '/learn';
}

/** One link of the main navigation. */
export interface NavItem {
  to: string;
  label: string;
  /** Paths under this prefix belong to the area (e.g. every `/admin/…` page). */
  area: string;
}

/** The areas a person may open: Learn for everyone, Author, Campaigns, Manage and Admin by role. */
export function navItemsFor(roles: readonly Role[]): NavItem[] {
  const items: NavItem[] = [{ to: '/learn', label: 'Learn', area: '/learn' }];
  if (hasAnyRole(roles, ['author', 'admin'])) items.push({ to: '/author', label: 'Author', area: '/author' });
  if (hasAnyRole(roles, ['author', 'admin'])) items.push({ to: '/campaigns', label: 'Campaigns', area: '/campaigns' });
  if (hasAnyRole(roles, ['manager', 'admin'])) items.push({ to: '/manage', label: 'Manage', area: '/manage' });
  if (roles.includes('admin')) items.push({ to: '/admin/people', label: 'Admin', area: '/admin' });
  return items;
}

/** True when the path is the area's page or one below it. */
export function isInArea(pathname: string, area: string): boolean {
  return pathname === area || pathname.startsWith(`${area}/`);
}

/**
 * A safe place to go back to after signing in: only paths on this site, never the sign-in pages themselves.
 * Returns undefined for anything else (absolute URLs, `//host`, …).
 */
export function safeNextPath(next: string | null | undefined): string | undefined {
  if (!next || !/^\/(?!\/)[^\s\\]*$/.test(next)) return undefined;
  if (/^\/(sign-in|setup|auth\/link|forgot-password|reset-password)\b/.test(next)) return undefined;
  return next;
}
