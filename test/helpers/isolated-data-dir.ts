/**
 * vitest setup (every unit and integration test file): the app's data folder is a fresh temporary one, so no test
 * reads the developer's own settings.json or archive (the CLI takes its defaults from them: archive, model,
 * cluster model, report paper). Tests that need a particular data folder set $ECG_TLC_DATA_DIR themselves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ecg-tlc-test-data-'));
process.env.ECG_TLC_DATA_DIR = dir;
delete process.env.ECG_TLC_DB;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
