/** The admin's erasure of a person's data (issue 9): the rules the dialog follows, apart from React. */

/** True when what the admin typed is the person's email (case and surrounding spaces aside), as the server checks. */
export function isErasureConfirmed(typed: string, email: string): boolean {
  return typed.trim().length > 0 && typed.trim().toLowerCase() === email.trim().toLowerCase();
}

/** The rows an erasure removed, in words, largest first; tables it removed nothing from are left out. */
export function describeRemoved(removed: Readonly<Record<string, number>>): string[] {
  return Object.entries(removed)
    .filter(([table, rows]) => rows > 0 && table !== 'person')
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([table, rows]) => `${table.replaceAll('_', ' ')}: ${rows} ${rows === 1 ? 'row' : 'rows'}`);
}

/** Where the browser downloads a person's data (an admin's), or the signed-in person's own. */
export function exportUrl(personId?: string): string {
  return personId === undefined ? '/api/profile/export' : `/api/people/${encodeURIComponent(personId)}/export`;
}
