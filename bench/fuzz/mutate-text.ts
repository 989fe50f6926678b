/**
 * Mutations of text files (WFDB headers, CSV, XML): numbers replaced by hostile values, lines and delimiters
 * dropped or doubled, the encoding changed under the declaration, base64 corrupted, entity expansion.
 * Edits happen on a "view" that keeps the file's encoding: UTF-16 (by BOM) is decoded and re-encoded, anything
 * else is read as Latin-1, which maps bytes to characters one to one, so UTF-8 sequences survive untouched.
 */
import type { Rng } from './prng.js';

type Encoding = 'latin1' | 'utf-16le' | 'utf-16be';

interface TextView {
  text: string;
  encoding: Encoding;
  bom: boolean;
}

function swap16(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length - (b.length % 2));
  for (let i = 0; i + 1 < b.length; i += 2) {
    out[i] = b[i + 1]!;
    out[i + 1] = b[i]!;
  }
  return out;
}

function openView(b: Uint8Array): TextView {
  if (b[0] === 0xff && b[1] === 0xfe) return { text: Buffer.from(b.subarray(2)).toString('utf16le'), encoding: 'utf-16le', bom: true };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: Buffer.from(swap16(b.subarray(2))).toString('utf16le'), encoding: 'utf-16be', bom: true };
  return { text: Buffer.from(b).toString('latin1'), encoding: 'latin1', bom: false };
}

function encode(text: string, encoding: Encoding | 'utf-8', bom: boolean): Uint8Array {
  let body: Uint8Array;
  if (encoding === 'latin1') body = Buffer.from(text.replace(/[^\u0000-\u00ff]/g, '?'), 'latin1');
  else if (encoding === 'utf-8') body = Buffer.from(text, 'utf8');
  else body = Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') body = swap16(body);
  if (!bom) return new Uint8Array(body);
  const mark = encoding === 'utf-8' ? [0xef, 0xbb, 0xbf] : encoding === 'utf-16be' ? [0xfe, 0xff] : [0xff, 0xfe];
  const out = new Uint8Array(mark.length + body.length);
  out.set(mark);
  out.set(body, mark.length);
  return out;
}

const closeView = (v: TextView) => encode(v.text, v.encoding, v.bom);

export interface TextMutation {
  bytes: Uint8Array;
  note: string;
}

/** Applies `edit` to the text of `b`; undefined when the edit finds nothing to change. */
function onText(b: Uint8Array, edit: (text: string) => { text: string; note: string } | undefined): TextMutation | undefined {
  const v = openView(b);
  const r = edit(v.text);
  if (!r) return undefined;
  return { bytes: closeView({ ...v, text: r.text }), note: r.note };
}

const NUMBER = /[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;
const HOSTILE = [
  '0', '-1', '1', '-0', '2147483647', '2147483648', '-2147483649', '4294967296', '9007199254740993',
  '99999999999999999999', '1e308', '1e-308', '-1e308', '1e-320', '5e-324', '1e38', 'NaN', 'Infinity', '-Infinity', '', '0.0000001', '3.5',
  '0x7fffffff', '1'.repeat(400), '１２', '1,5',
];

function hostileNumber(rng: Rng, original: string): string {
  if (rng.chance(0.25)) {
    const n = Number(original);
    const scaled = rng.pick([n * 1000, n * 1e6, -n, n + 1, n - 1, Math.floor(n / 2)]);
    return String(scaled);
  }
  return rng.pick(HOSTILE);
}

/** The n-th match of `re` at or after `from` (wrapping to the start), or undefined. */
function matchFrom(text: string, re: RegExp, from: number): RegExpExecArray | undefined {
  re.lastIndex = from;
  const m = re.exec(text);
  if (m) return m;
  re.lastIndex = 0;
  return re.exec(text) ?? undefined;
}

/** A number that is a whole XML attribute value or element text: scales, rates, counts, offsets. */
const VALUE = /(?:="|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?:"|<)/g;

/**
 * A number replaced by a hostile value: one of the first 64 in the file (headers, counts, rates) in two cases
 * of five, a whole XML value (attribute or element text) in two, any number otherwise.
 */
export function replaceNumber(rng: Rng, b: Uint8Array): TextMutation | undefined {
  return onText(b, (text) => {
    let span: { at: number; original: string } | undefined;
    const mode = rng.weighted([['early', 2], ['value', 2], ['anywhere', 1]] as const);
    if (mode === 'early') {
      const re = new RegExp(NUMBER.source, 'g');
      const firsts: Array<{ at: number; original: string }> = [];
      for (let x = re.exec(text); x && firsts.length < 64; x = re.exec(text)) firsts.push({ at: x.index, original: x[0] });
      span = firsts.length ? rng.pick(firsts) : undefined;
    } else if (mode === 'value') {
      const v = matchFrom(text, VALUE, rng.int(text.length));
      if (v) span = { at: v.index + v[0].indexOf(v[1]!, 1), original: v[1]! };
    }
    if (!span) {
      const x = matchFrom(text, new RegExp(NUMBER.source, 'g'), rng.int(text.length));
      if (x) span = { at: x.index, original: x[0] };
    }
    if (!span) return undefined;
    const { at, original } = span;
    const value = hostileNumber(rng, original);
    return { text: text.slice(0, at) + value + text.slice(at + original.length), note: `number "${original.slice(0, 20)}" at char ${at} → "${value.slice(0, 20)}"` };
  });
}

/** A whole line deleted or doubled, or two lines swapped: wrong signal counts, missing fields, repeated rows. */
export function lineEdit(rng: Rng, b: Uint8Array): TextMutation | undefined {
  return onText(b, (text) => {
    const lines = text.split('\n');
    if (lines.length < 2) return undefined;
    const early = rng.chance(0.5);
    const i = early ? rng.int(Math.min(lines.length, 20)) : rng.int(lines.length);
    const op = rng.pick(['delete', 'double', 'swap'] as const);
    if (op === 'delete') lines.splice(i, 1);
    else if (op === 'double') lines.splice(i, 0, lines[i]!);
    else {
      const j = rng.int(lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    }
    return { text: lines.join('\n'), note: `line ${i + 1} ${op}` };
  });
}

/** A delimiter (space, comma, semicolon, tab, slash, quote) near a random point deleted or doubled. */
export function delimiterEdit(rng: Rng, b: Uint8Array): TextMutation | undefined {
  return onText(b, (text) => {
    const m = matchFrom(text, /[ ,;\t/"=:]/g, rng.chance(0.5) ? rng.int(Math.min(text.length, 2048)) : rng.int(text.length));
    if (!m) return undefined;
    const doubled = rng.chance(0.5);
    const at = m.index;
    return { text: text.slice(0, at) + (doubled ? m[0] + m[0] : '') + text.slice(at + 1), note: `delimiter "${m[0]}" at char ${at} ${doubled ? 'doubled' : 'deleted'}` };
  });
}

/** Truncation right after a line end, tag start or tag end. */
export function textBoundaries(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length && out.length < 50_000; i++) {
    const c = b[i];
    if (c === 0x0a) out.push(i + 1);
    else if (c === 0x3c) out.push(i);
    else if (c === 0x3e) out.push(i + 1);
  }
  return out;
}

/** The text re-encoded: UTF-16 with or without a BOM, big-endian, Latin-1, UTF-8 with a BOM, or bad UTF-8 bytes. */
export function reencode(rng: Rng, b: Uint8Array): TextMutation {
  const v = openView(b);
  const text = v.encoding === 'latin1' ? Buffer.from(b).toString('utf8') : v.text;
  const to = rng.pick(['utf-16le+bom', 'utf-16le', 'utf-16be+bom', 'latin1', 'utf-8+bom', 'utf-8', 'bad-utf8', 'bad-utf16'] as const);
  if (to === 'bad-utf8') {
    const out = Array.from(b);
    const bad = [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf4, 0x90, 0x80, 0x80], [0x00]];
    const k = 1 + rng.int(4);
    for (let i = 0; i < k; i++) out.splice(rng.int(out.length + 1), 0, ...rng.pick(bad));
    return { bytes: new Uint8Array(out), note: `${k} invalid UTF-8 sequences inserted` };
  }
  if (to === 'bad-utf16') {
    const body = encode(text, 'utf-16le', true);
    const at = 2 + 2 * rng.int(Math.max(1, (body.length - 2) / 2));
    const out = new Uint8Array(body.length + 2);
    out.set(body.subarray(0, at));
    out.set([0x00, 0xd8], at);
    out.set(body.subarray(at), at + 2);
    return { bytes: out, note: `re-encoded as UTF-16LE with a lone surrogate at byte ${at}` };
  }
  const [enc, bom] = to.endsWith('+bom') ? [to.slice(0, -4), true] : [to, false];
  return { bytes: encode(text, enc as Encoding | 'utf-8', bom), note: `re-encoded as ${to}` };
}

/** The XML declaration's encoding changed, removed, or added where there was none. */
export function encodingDeclaration(rng: Rng, b: Uint8Array): TextMutation | undefined {
  return onText(b, (text) => {
    const decl = /^(\s*)<\?xml[^?]*\?>/.exec(text);
    const to = rng.pick(['UTF-16', 'ISO-8859-1', 'windows-1252', 'UTF-8', 'EBCDIC-bogus', '', 'utf-32'] as const);
    if (!decl) return { text: `<?xml version="1.0" encoding="${to}"?>` + text, note: `declaration with encoding "${to}" added` };
    if (rng.chance(0.2)) return { text: text.slice(decl[0].length), note: 'XML declaration removed' };
    const replaced = /encoding\s*=\s*["'][^"']*["']/.test(decl[0])
      ? decl[0].replace(/encoding\s*=\s*["'][^"']*["']/, `encoding="${to}"`)
      : decl[0].replace('?>', ` encoding="${to}"?>`);
    return { text: replaced + text.slice(decl[0].length), note: `XML encoding declaration → "${to}"` };
  });
}

/** One base64 run (≥ 64 characters) damaged: a foreign character, a dropped character, padding inside, cut short, emptied. */
export function corruptBase64(rng: Rng, b: Uint8Array): TextMutation | undefined {
  return onText(b, (text) => {
    const m = matchFrom(text, /[A-Za-z0-9+/]{64,}={0,2}/g, rng.int(text.length));
    if (!m) return undefined;
    const run = m[0];
    const at = rng.int(run.length);
    const op = rng.pick(['foreign', 'drop', 'pad', 'cut', 'empty', 'double', 'whitespace'] as const);
    const damaged =
      op === 'foreign' ? run.slice(0, at) + rng.pick(['!', '*', '-', '_', '\u00e9', '%']) + run.slice(at + 1)
      : op === 'drop' ? run.slice(0, at) + run.slice(at + 1)
      : op === 'pad' ? run.slice(0, at) + '==' + run.slice(at)
      : op === 'cut' ? run.slice(0, at)
      : op === 'empty' ? ''
      : op === 'double' ? run + run
      : run.slice(0, at) + '\n  \t' + run.slice(at);
    return { text: text.slice(0, m.index) + damaged + text.slice(m.index + run.length), note: `base64 run at char ${m.index} (${run.length} chars): ${op} at ${at}` };
  });
}

/** A DOCTYPE with nested entities (a "billion laughs" expansion) and a reference to it inside the root. */
export function entityExpansion(rng: Rng, b: Uint8Array): TextMutation | undefined {
  return onText(b, (text) => {
    const root = /<([A-Za-z][\w:.-]*)[^>]*>/.exec(text.replace(/<\?[^>]*>/g, (s) => ' '.repeat(s.length)).replace(/<!--[\s\S]*?-->/g, (s) => ' '.repeat(s.length)));
    if (!root) return undefined;
    const depth = 4 + rng.int(6);
    const defs = ['<!ENTITY e0 "lol">'];
    for (let k = 1; k <= depth; k++) defs.push(`<!ENTITY e${k} "${`&e${k - 1};`.repeat(10)}">`);
    const doctype = `<!DOCTYPE ${root[1]} [${defs.join('')}]>`;
    const end = root.index + root[0].length;
    const withRef = text.slice(0, root.index) + doctype + text.slice(root.index, end) + `&e${depth};` + text.slice(end);
    // A document with its own DOCTYPE (MUSE) gets ours in its place: two DOCTYPEs are refused before any expansion.
    const existing = /<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/.exec(text.slice(0, root.index));
    const out = existing ? withRef.slice(0, existing.index) + withRef.slice(existing.index + existing[0].length) : withRef;
    return { text: out, note: `entity expansion 10^${depth} inserted${existing ? ' in place of the DOCTYPE' : ''}` };
  });
}

/** An EDF-style fixed-width ASCII field overwritten by a hostile number padded or cut to its width. */
export function fixedWidthNumber(rng: Rng, b: Uint8Array, field: { offset: number; width: number; what: string }): TextMutation {
  const original = Buffer.from(b.subarray(field.offset, field.offset + field.width)).toString('latin1').trim();
  const value = hostileNumber(rng, original).slice(0, field.width).padEnd(field.width, ' ');
  const out = b.slice();
  out.set(Buffer.from(value, 'latin1').subarray(0, field.width), field.offset);
  return { bytes: out, note: `${field.what} "${original}" → "${value.trim()}"` };
}

const WFDB_FORMATS = ['0', '8', '16', '24', '32', '61', '80', '160', '212', '310', '311', '508', '516', '524', '7', '999'];
const WFDB_SUFFIXES = ['', '', 'x1', 'x2', 'x4', 'x0', 'x1000', 'x999999', ':1', ':5000', ':99999999', '+1', '+24', '+999999999', 'x3:7+5'];
const WFDB_FILES = ['../outside.dat', '/etc/hosts', '~', '', 'missing.dat', 'x.mat', 'a b.dat'];
const WFDB_UNITS = ['', '(0)', '(-32768)', '(99999999999)', '/uV', '/V', '/nV', '/mmHg', '/', '(1)/µV', '()/mV'];
const WFDB_RATES = ['360/0', '360/1e308(5)', '0.0001', '1e7', '360/360(-9)', '250/'];

/**
 * A field of a WFDB signal line given another legal-looking value: the format code (so bytes meant for one
 * encoding go to another decoder, FLAC included), samples per frame, skew, byte offset, the file name, the
 * gain's baseline and units; or the record line's frame-rate / counter field.
 */
export function wfdbField(rng: Rng, b: Uint8Array): TextMutation | undefined {
  return onText(b, (text) => {
    const lines = text.split('\n');
    const content = lines.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    if (content.length === 0) return undefined;
    const [line, i] = rng.pick(content);
    const tok = line.trim().split(/\s+/);
    let note: string;
    if (i === content[0]![1]) {
      if (tok.length < 3) return undefined;
      tok[2] = rng.pick(WFDB_RATES);
      note = `record line frame rate → "${tok[2]}"`;
    } else {
      const field = rng.pick(['format', 'format', 'file', 'gain'] as const);
      if (field === 'format' || tok.length < 3) {
        tok[1] = rng.pick(WFDB_FORMATS) + rng.pick(WFDB_SUFFIXES);
        note = `signal format → "${tok[1]}"`;
      } else if (field === 'file') {
        tok[0] = rng.pick(WFDB_FILES) || tok[0]!;
        note = `signal file → "${tok[0]}"`;
      } else {
        tok[2] = tok[2]!.replace(/[(/].*$/, '') + rng.pick(WFDB_UNITS);
        note = `gain field → "${tok[2]}"`;
      }
    }
    lines[i] = tok.join(' ');
    return { text: lines.join('\n'), note: `line ${i + 1}: ${note}` };
  });
}
