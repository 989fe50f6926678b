/**
 * Child process for the crash-safety test: imports a folder of test-format records into an archive and prints
 * "imported N" after each stored file, until the parent kills it with SIGKILL.
 * Usage: node --import tsx import-child.ts ARCHIVE FOLDER
 */
import { openArchive } from '../../../src-main/store/archive.js';
import { importPaths } from '../../../src-main/store/importer.js';
import { parseSynth } from './synthetic.js';

const [dbPath, folder] = process.argv.slice(2);
if (!dbPath || !folder) throw new Error('usage: import-child.ts ARCHIVE FOLDER');
const archive = openArchive(dbPath);
let last = 0;
await importPaths(archive.studies, [folder], {
  parse: parseSynth,
  actor: 'crash-test',
  onProgress: (p) => {
    if (p.imported !== last) process.stdout.write(`imported ${(last = p.imported)}\n`);
  },
});
archive.close();
process.stdout.write('finished\n');
