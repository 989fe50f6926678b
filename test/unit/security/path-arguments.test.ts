/**
 * The renderer path policy (src-main/api/transport/user-path.ts): the rules on POSIX and Windows spellings, and
 * a walk over the whole API contract that fails when a path-like argument is not covered by PATH_ARGUMENTS.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CONTRACT } from '../../../src-main/api/contract/index.js';
import { MAX_PATH_CHARS, PATH_ARGUMENTS, refusedPathArgument, userPathProblem } from '../../../src-main/api/transport/user-path.js';

/** Argument names that say "this is a file or folder". */
const PATH_LIKE = /path|file|dir|folder|^out$|output|dest|target|location/i;

/** Names of the string (or string-array) arguments of a method's args schema, at any depth, as a.b.c. */
function stringArguments(schema: z.ZodType, prefix = ''): string[] {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType> } } })._zod.def;
  switch (def.type) {
    case 'string':
      return [prefix];
    case 'optional':
    case 'nullable':
    case 'default':
      return stringArguments(def.innerType!, prefix);
    case 'array':
      return stringArguments(def.element!, prefix);
    case 'object': {
      const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
      return Object.entries(shape).flatMap(([k, v]) => stringArguments(v, prefix ? `${prefix}.${k}` : k));
    }
    default:
      return [];
  }
}

describe('userPathProblem on POSIX', () => {
  it.each(['/home/ana/ecg/100.hea', '/data/ludb/1.hea', '//srv/share/x.xml', '/a/.hidden/x', '/a/.../x', '/tmp/space name/x.csv'])('accepts %s', (p) => {
    expect(userPathProblem(p, 'linux')).toBeUndefined();
  });

  it.each([
    ['', 'is empty'],
    ['package.json', 'must be absolute'],
    ['../etc/passwd', 'must be absolute'],
    ['./x.hea', 'must be absolute'],
    ['~/x.hea', 'must be absolute'],
    ['C:\\data\\x.hea', 'must be absolute'],
    ['/data/../etc/passwd', '".." segments'],
    ['/data/ludb/..', '".." segments'],
    ['/data/./x.hea', '".." segments'],
    ['/data/x.hea\0.png', 'NUL'],
    [`/${'a'.repeat(MAX_PATH_CHARS)}`, 'longer than'],
  ])('refuses %j (%s)', (p, why) => {
    expect(userPathProblem(p, 'linux')).toContain(why);
  });
});

describe('userPathProblem on Windows', () => {
  it.each(['C:\\Users\\ana\\ecg\\100.hea', 'd:/data/x.xml', '\\\\server\\share\\ecg\\x.scp', 'C:\\a\\...b\\x'])('accepts %s', (p) => {
    expect(userPathProblem(p, 'win32')).toBeUndefined();
  });

  it.each([
    ['x.hea', 'must be absolute'],
    ['\\data\\x.hea', 'must be absolute'],
    ['C:x.hea', 'must be absolute'],
    ['..\\x.hea', 'must be absolute'],
    ['C:\\data\\..\\Windows\\win.ini', '".." segments'],
    ['C:\\data\\.. \\x', '".." segments'],
    ['C:\\data\\...\\x', '".." segments'],
    ['C:/data/./x', '".." segments'],
    ['\\\\?\\C:\\x.hea', 'device path'],
    ['\\\\.\\PhysicalDrive0', 'device path'],
    ['//./COM1', 'device path'],
  ])('refuses %j (%s)', (p, why) => {
    expect(userPathProblem(p, 'win32')).toContain(why);
  });
});

describe('refusedPathArgument', () => {
  it('names the method, the argument and the index of the first bad path', () => {
    expect(refusedPathArgument('inspectFile', { path: '../package.json' }, 'linux')).toBe(
      'invalid arguments for inspectFile: path must be absolute (start with /): "../package.json"',
    );
    expect(refusedPathArgument('importPaths', { paths: ['/ok/a.hea', '/ok/../b.hea'] }, 'linux')).toMatch(/^invalid arguments for importPaths: paths\[1\] must not contain/);
    expect(refusedPathArgument('setSettings', { dbPath: '/x/../y.db' }, 'linux')).toMatch(/dbPath must not contain/);
  });

  it('leaves other methods, missing arguments and wrong types to the contract', () => {
    expect(refusedPathArgument('listStudies', { text: '../x' }, 'linux')).toBeUndefined();
    expect(refusedPathArgument('inspectFile', undefined, 'linux')).toBeUndefined();
    expect(refusedPathArgument('inspectFile', { path: 42 }, 'linux')).toBeUndefined();
    expect(refusedPathArgument('importPaths', { paths: [1, null] }, 'linux')).toBeUndefined();
    expect(refusedPathArgument('__proto__', { path: '../x' }, 'linux')).toBeUndefined();
  });
});

describe('the contract', () => {
  const pathLike = Object.entries(CONTRACT).flatMap(([method, spec]) =>
    stringArguments(spec.args as z.ZodType)
      .filter((name) => PATH_LIKE.test(name.split('.').at(-1)!))
      .map((name) => `${method}.${name}`),
  );

  it('has every path-like argument covered by the renderer path policy, and nothing else', () => {
    const covered = Object.entries(PATH_ARGUMENTS).flatMap(([method, names]) => names.map((n) => `${method}.${n}`));
    expect(pathLike.sort()).toEqual(covered.sort());
    expect(pathLike).toEqual(expect.arrayContaining(['inspectFile.path', 'importPaths.paths', 'setSettings.dbPath']));
  });
});
