import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Identity } from '@shared/domain/governance';
import type { CommandContext } from '../context';
import { CliFailure, EXIT } from '../io';
import type { CommandRunner } from '../program';
import { table } from '../table';

/** The acting identity and passphrase every signing command passes to the core. */
export function actorOf(context: CommandContext): { actor?: string; passphrase?: string } {
  const passphrase = context.io.env.QUORUM_PASSPHRASE;
  return {
    ...(context.options.identity ? { actor: context.options.identity } : {}),
    ...(passphrase ? { passphrase } : {}),
  };
}

/**
 * MODEL@VERSION, MODEL@ALIAS, or CONNECTION/MODEL@… when two connections hold a model of
 * the same name. The version is everything after the last "@"; a connection is everything
 * before the first "/".
 */
export function parseSubject(text: string): { connection?: string; model: string; version?: number; alias?: string } {
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) {
    throw new CliFailure(
      EXIT.usage,
      `"${text}" is not MODEL@VERSION (e.g. fraud-detector@4, fraud-detector@champion or northwind/fraud-detector@4).`,
    );
  }
  let model = text.slice(0, at);
  const ref = text.slice(at + 1);
  let connection: string | undefined;
  const slash = model.indexOf('/');
  if (slash > 0) {
    connection = model.slice(0, slash);
    model = model.slice(slash + 1);
  }
  if (model === '') throw new CliFailure(EXIT.usage, `"${text}" names no model.`);
  const base = { ...(connection ? { connection } : {}), model };
  if (/^\d+$/.test(ref)) {
    const version = Number(ref);
    if (!Number.isSafeInteger(version) || version < 1) throw new CliFailure(EXIT.usage, `"${ref}" is not a version number.`);
    return { ...base, version };
  }
  return { ...base, alias: ref.replace(/^@/, '') };
}

function describe(i: Identity): string {
  return [
    `${i.name} <${i.email}>${i.active ? '  (active)' : ''}`,
    `  fingerprint  ${i.fingerprint}`,
    `  public key   ${i.publicKey}`,
    `  roles        ${i.roles.join(', ') || 'none'}`,
    `  on this machine  ${i.local ? (i.protected ? 'yes (passphrase-protected)' : 'yes') : 'no'}`,
  ].join('\n');
}

export function registerIdentity(program: Command, run: CommandRunner): void {
  const identity = program.command('identity').description('Signing identities (ed25519) kept in this data directory.');

  identity
    .command('create')
    .description('Create your signing identity. The first identity of a workspace becomes its admin.')
    .requiredOption('--name <name>', 'your name')
    .requiredOption('--email <email>', 'your e-mail')
    .option('--handle <user...>', 'registry user names that are you (e.g. the MLflow user), for independence checks')
    .option('--protect', 'seal the private key with the passphrase in $QUORUM_PASSPHRASE')
    .option('--no-activate', 'do not make it the active identity')
    .action(
      run(async (context, options: { name: string; email: string; handle?: string[]; protect?: boolean; activate: boolean }) => {
        const passphrase = context.io.env.QUORUM_PASSPHRASE;
        if (options.protect && !passphrase) throw new CliFailure(EXIT.usage, '--protect needs the passphrase in $QUORUM_PASSPHRASE.');
        const created = await context.call('governance.identities.create', {
          name: options.name,
          email: options.email,
          handles: options.handle ?? [],
          activate: options.activate,
          ...(options.protect && passphrase ? { passphrase } : {}),
        });
        context.result(created, () => `Created identity\n${describe(created)}`);
        return EXIT.ok;
      }),
    );

  identity
    .command('list')
    .description('List identities known to this workspace and their roles.')
    .action(
      run(async (context) => {
        const list = await context.call('governance.identities.list', {});
        context.result(list, () =>
          list.length === 0
            ? 'No identities yet. Create one: quorum identity create --name NAME --email EMAIL'
            : table(
                ['NAME', 'E-MAIL', 'ROLES', 'FINGERPRINT', 'HERE'],
                list.map((i) => [
                  i.name,
                  i.email,
                  i.roles.join(',') || '—',
                  i.fingerprint.slice(0, 19),
                  i.local ? (i.active ? 'active' : 'yes') : '',
                ]),
              ),
        );
        return EXIT.ok;
      }),
    );

  identity
    .command('show [name]')
    .description('Show an identity (default: the one acting, from --identity or the active one).')
    .action(
      run(async (context, _options: unknown, name?: string) => {
        const list = await context.call('governance.identities.list', {});
        const ref = name ?? context.options.identity;
        const lower = ref?.toLowerCase();
        const found = ref
          ? list.find((i) => i.name.toLowerCase() === lower || i.email.toLowerCase() === lower || i.publicKey === ref)
          : (list.find((i) => i.active) ?? (list.filter((i) => i.local).length === 1 ? list.find((i) => i.local) : undefined));
        if (!found) throw new CliFailure(EXIT.usage, ref ? `No identity "${ref}".` : 'No active identity; pass a name or --identity NAME.');
        context.result(found, () => describe(found));
        return EXIT.ok;
      }),
    );

  identity
    .command('use <name>')
    .description('Make an identity on this machine the active one (what the desktop app acts as).')
    .action(
      run(async (context, _options: unknown, name: string) => {
        const chosen = await context.call('governance.identities.activate', { identity: name });
        context.result(chosen, () => `Active identity: ${chosen.name} <${chosen.email}>`);
        return EXIT.ok;
      }),
    );

  identity
    .command('export [name]')
    .description('Print the public key (PEM) of an identity, to give to an auditor or colleague.')
    .action(
      run(async (context, _options: unknown, name?: string) => {
        const ref = name ?? context.options.identity;
        const exported = await context.call('governance.identities.export', ref ? { identity: ref } : {});
        context.result(exported, () => `# ${exported.name} <${exported.email}>  ${exported.fingerprint}\n${exported.pem}`);
        return EXIT.ok;
      }),
    );

  identity
    .command('import')
    .description("Import someone's public key (PEM file or raw key) for offline verification. Grants nothing.")
    .requiredOption('--name <name>', 'their name')
    .requiredOption('--email <email>', 'their e-mail')
    .requiredOption('--key <file-or-key>', 'a PEM file, or the 43-character raw key')
    .action(
      run(async (context, options: { name: string; email: string; key: string }) => {
        let key = options.key;
        if (!/^[A-Za-z0-9_-]{43}$/.test(key)) {
          try {
            key = readFileSync(key, 'utf8');
          } catch (error) {
            throw new CliFailure(EXIT.usage, `Cannot read ${options.key}: ${(error as Error).message}`);
          }
        }
        const imported = await context.call('governance.identities.import', { name: options.name, email: options.email, key });
        context.result(imported, () => `Imported ${imported.name} <${imported.email}> ${imported.fingerprint}`);
        return EXIT.ok;
      }),
    );
}
