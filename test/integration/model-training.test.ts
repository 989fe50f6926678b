/**
 * The Python training pipeline's own tests (models/training/tests): label rules, the preparation twin, and the
 * --ptbxl path on a PTB-XL-layout folder built from the PTB-XL records held in ../shared. They need Debian's
 * python3 with torch, onnx, scipy and scikit-learn; without them the suite is skipped and says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShared, REPO_ROOT, SHARED_ROOT } from '../helpers/shared.js';

const PYTHON = '/usr/bin/python3';

function pythonProblem(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is absent`;
  const r = spawnSync(PYTHON, ['-c', 'import torch, onnx, scipy, sklearn'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${PYTHON} lacks a training dependency: ${(r.stderr || '').trim().split('\n').pop()}`;
}

const problem = pythonProblem();
if (problem) console.warn(`[skip] models/training tests: ${problem} (install python3-torch python3-onnx python3-scipy python3-sklearn)`);

describe.skipIf(problem !== undefined || !hasShared('data', 'cinc'))('models/training unittests', () => {
  it('pass, including a --ptbxl build from a PTB-XL-layout folder', () => {
    const r = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-s', join('models', 'training', 'tests'), '-v'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, ECG_TLC_SHARED: SHARED_ROOT },
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out, out.slice(-4000)).toMatch(/\nOK\b/);
    expect(r.status, out.slice(-4000)).toBe(0);
    expect(out).toMatch(/test_train_py_builds_a_package_from_the_folder .* ok/);
    expect(out).not.toMatch(/skipped/);
  });
});
