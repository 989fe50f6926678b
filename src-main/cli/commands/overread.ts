/**
 * `ecg-tlc overread --db FILE --study ID --status confirmed|edited|rejected [--statement TEXT] [--comment TEXT]`:
 * records a physician's overread of a study as the operating-system user, with its audit entry, durably.
 * Without --status: prints the study's overreads and audit trail. Exit 1 without the archive or the study, 2 on
 * usage errors (an edit without its statement).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { OverreadError, recordOverread } from '../../analysis/overread.js';
import { currentActor } from '../../store/audit-log.js';
import type { OverreadStatus } from '../../store/overread-repository.js';
import { onArchive } from '../archive-command.js';

interface OverreadOptions {
  db?: string;
  study: number;
  status?: OverreadStatus;
  statement?: string;
  comment?: string;
  json?: boolean;
}

const STATUSES: OverreadStatus[] = ['confirmed', 'edited', 'rejected'];

export function register(program: Command): void {
  program
    .command('overread')
    .description("confirm, edit or reject a study's interpretation (audited as the OS user); without --status, show its audit trail")
    .requiredOption('--study <id>', 'study id in the archive', (v: string) => {
      if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('expected a study id (a whole number)');
      return Number(v);
    })
    .option('--db <file>', 'archive database (default: $ECG_TLC_DB, else archive.db in the user data folder)')
    .option('--status <status>', STATUSES.join(', '), (v: string): OverreadStatus => {
      if (!STATUSES.includes(v as OverreadStatus)) throw new InvalidArgumentError(`choose ${STATUSES.join(', ')}`);
      return v as OverreadStatus;
    })
    .option('--statement <text>', 'the interpretation as you state it (required with --status edited)')
    .option('--comment <text>', 'a comment for the audit trail')
    .option('--json', 'print as JSON')
    .action(function (this: Command, o: OverreadOptions) {
      if (!o.status && (o.statement || o.comment)) this.error('error: --statement and --comment need --status', { exitCode: 2 });
      if (o.status === 'edited' && !o.statement?.trim()) this.error('error: --status edited needs --statement', { exitCode: 2 });
      onArchive(this, o.db, (archive) => {
        if (!archive.studies.summary(o.study)) {
          console.error(`ecg-tlc: study ${o.study} is not in the archive`);
          process.exitCode = 1;
          return;
        }
        if (o.status) {
          const saved = recordOverread(archive, { studyId: o.study, status: o.status, reader: currentActor(), ...(o.statement ? { statement: o.statement } : {}), ...(o.comment ? { comment: o.comment } : {}) });
          console.log(o.json ? JSON.stringify(saved, null, 2) : `Study ${o.study} ${saved.status} by ${saved.reader} at ${saved.createdAt}${saved.statements?.length ? `: ${saved.statements.join('; ')}` : ''}${saved.comment ? ` (${saved.comment})` : ''}`);
          return;
        }
        const entries = archive.audit.forEntity('study', o.study);
        const overreads = archive.overreads.forStudy(o.study);
        if (o.json) return console.log(JSON.stringify({ overreads, entries }, null, 2));
        const now = overreads.at(-1);
        console.log(`Study ${o.study}: ${now ? `${now.status} by ${now.reader} at ${now.createdAt}` : 'unconfirmed (advisory)'}`);
        for (const e of entries) console.log(`  ${e.at}  ${e.actor.padEnd(16)}  ${e.action}${e.details ? `  ${JSON.stringify(e.details)}` : ''}`);
      }, [OverreadError]);
    });
}
