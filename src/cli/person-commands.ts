/**
 * `morsel person export` (everything Morsel holds about one person, as the JSON file the web's download gives) and
 * `morsel person erase` (their data erased and the person anonymised, as an admin's erasure does): issue 9's requests
 * made by the operator, recorded as such (no requesting person).
 */
import { type Command, Option } from 'commander';
import { findPeopleByEmailOrId, PrivacySchemas, systemActor } from '../server/modules/identity/index.ts';
import { NotFoundError, ValidationError } from '../server/platform/errors.ts';
import type { Services } from '../server/services.ts';

export interface PersonCommandDeps {
  print: (json: boolean, data: unknown, text: string) => void;
  out: (text: string) => void;
  jsonOption: () => Option;
  orgOption: () => Option;
  withServices: <T>(work: (services: Services) => Promise<T>) => Promise<T>;
}

/** The organisation and the person with this email in it. @throws NotFoundError */
async function personByEmail(services: Services, org: string | undefined, email: string): Promise<{ orgId: string; personId: string }> {
  const organisation = await services.identity.resolveOrganisation(org);
  const [person] = await findPeopleByEmailOrId(services.database.db, organisation.id, [email.trim().toLowerCase()]);
  if (!person) throw new NotFoundError('person with that email');
  return { orgId: organisation.id, personId: person.id };
}

/** Adds `morsel person export` and `morsel person erase`. */
export function registerPersonCommands(program: Command, { print, out, jsonOption, orgOption, withServices }: PersonCommandDeps): void {
  const person = program.command('person').description('one person’s data: export it, or erase it on request');

  person
    .command('export')
    .description('print everything Morsel holds about a person as JSON (redirect it to a file)')
    .requiredOption('--email <email>', 'their email')
    .addOption(orgOption())
    .action(async (options: { email: string; org?: string }) => {
      const data = await withServices(async (services) => {
        const { orgId, personId } = await personByEmail(services, options.org, options.email);
        return services.privacy.exportPerson(systemActor(orgId), personId);
      });
      out(`${JSON.stringify(data, null, 2)}\n`);
    });

  person
    .command('erase')
    .description('erase a person’s learning data, statements, points and messages, and anonymise them (cannot be undone)')
    .requiredOption('--email <email>', 'their email')
    .requiredOption('--confirm <email>', 'their email again, to confirm')
    .addOption(orgOption())
    .addOption(jsonOption())
    .action(async (options: { email: string; confirm: string; org?: string; json?: boolean }) => {
      const parsed = PrivacySchemas.EraseBody.safeParse({ confirm: options.confirm });
      if (!parsed.success) throw new ValidationError('--confirm: type the person’s email.');
      const body = parsed.data;
      const report = await withServices(async (services) => {
        const { orgId, personId } = await personByEmail(services, options.org, options.email);
        return services.privacy.erasePerson(systemActor(orgId), personId, body);
      });
      const removed = Object.entries(report.removed).filter(([, rows]) => rows > 0);
      const lines = [`Erased ${options.email} (person ${report.personId}); the person is now "Erased person", deactivated.`, ...removed.map(([table, rows]) => `  ${table}: ${rows}`)];
      print(!!options.json, report, lines.join('\n'));
    });
}
