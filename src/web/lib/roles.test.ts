import { describe, expect, it } from 'vitest';
import { homePathFor, isInArea, navItemsFor, safeNextPath } from './roles.ts';

describe('homePathFor', () => {
  it('sends each role to its own area, the most powerful first', () => {
    expect(homePathFor(['learner', 'admin'])).toBe('/admin/people');
    expect(homePathFor(['learner', 'author'])).toBe('/author');
    expect(homePathFor(['manager', 'learner'])).toBe('/manage');
    expect(homePathFor(['learner'])).toBe('/learn');
  });
});

describe('navItemsFor', () => {
  it('shows Learn to everyone and the other areas by role', () => {
    expect(navItemsFor(['learner']).map((item) => item.label)).toEqual(['Learn']);
    expect(navItemsFor(['author']).map((item) => item.label)).toEqual(['Learn', 'Author', 'Campaigns']);
    expect(navItemsFor(['manager']).map((item) => item.label)).toEqual(['Learn', 'Manage']);
    expect(navItemsFor(['admin']).map((item) => item.label)).toEqual(['Learn', 'Author', 'Campaigns', 'Manage', 'Admin']);
  });
});

describe('safeNextPath', () => {
  it('keeps paths on this site and refuses other hosts and the sign-in pages', () => {
    expect(safeNextPath('/admin/teams?x=1')).toBe('/admin/teams?x=1');
    expect(safeNextPath('//evil.example')).toBeUndefined();
    expect(safeNextPath('https://evil.example')).toBeUndefined();
    expect(safeNextPath('/sign-in')).toBeUndefined();
    expect(safeNextPath(null)).toBeUndefined();
  });
});

describe('isInArea', () => {
  it('counts the pages below an area as part of it, but not look-alike paths', () => {
    expect(isInArea('/admin/teams/t1', '/admin')).toBe(true);
    expect(isInArea('/admin', '/admin')).toBe(true);
    expect(isInArea('/administrator', '/admin')).toBe(false);
  });
});
