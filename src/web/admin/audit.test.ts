import { describe, expect, it } from 'vitest';
import { auditUrl, describeAction, describeResult, routePrefixOf, startOfDay } from './audit.ts';

describe('admin: the audit log in words', () => {
  it('says what a recorded request did', () => {
    expect(describeAction('PATCH', '/api/people/:id')).toBe('changed a person');
    expect(describeAction('POST', '/api/people')).toBe('added a person');
    expect(describeAction('POST', '/api/tokens')).toBe('created an API token');
    expect(describeAction('DELETE', '/api/tokens/:id')).toBe('revoked an API token');
    expect(describeAction('POST', '/api/lessons/:id/publish')).toBe('published a lesson');
    expect(describeAction('POST', '/api/people/:id/erase')).toBe('erased the data of a person');
    expect(describeAction('POST', '/api/campaigns/:id/launch')).toBe('launched a campaign');
    expect(describeAction('DELETE', '/api/objectives/:id')).toBe('deleted an objective');
    expect(describeAction('PATCH', '/api/organisation')).toBe('changed the organisation’s settings');
  });

  it('leaves a request it has no words for as it was sent', () => {
    expect(describeAction('POST', '/api/widgets/:id')).toBe('POST /api/widgets/:id');
    expect(describeAction('POST', '/api/lessons/:id/frobnicate')).toBe('POST /api/lessons/:id/frobnicate');
    expect(describeAction('POST', '/api/people/:id/a/b')).toBe('POST /api/people/:id/a/b');
  });

  it('says whether it was done or refused', () => {
    expect(describeResult(201)).toBe('Done');
    expect(describeResult(403)).toBe('Refused (not allowed)');
  });

  it('builds the log’s and the CSV’s URLs, the last day included whole, empty filters left out', () => {
    expect(auditUrl({ actor: '', route: '', from: '', to: '' }, { limit: 50 })).toBe('/api/audit?limit=50');
    expect(auditUrl({ actor: ' p1 ', route: '/api/people', from: '', to: '' }, { csv: true, limit: 50 })).toBe('/api/audit.csv?actor=p1&route=%2Fapi%2Fpeople');
    const url = new URL(auditUrl({ actor: '', route: '', from: '2026-03-02', to: '2026-03-02' }), 'http://x');
    const from = new Date(url.searchParams.get('from')!);
    const to = new Date(url.searchParams.get('to')!);
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([2026, 2, 2, 0]);
    expect([to.getFullYear(), to.getMonth(), to.getDate(), to.getHours()]).toEqual([2026, 2, 3, 0]);
    expect(startOfDay('2026-02-30x')).toBeUndefined();
    expect(['people', '/people', 'api/people', '/api/people'].map(routePrefixOf)).toEqual(Array(4).fill('/api/people'));
  });
});
