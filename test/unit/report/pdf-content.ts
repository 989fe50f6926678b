/**
 * Reading our own PDFs back for tests: the streams inflated, each page's drawing operators turned into stroked
 * paths with their colour and width, and poppler's tools (pdftotext, pdftoppm, pdfimages, pdfinfo) when present.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

export const hasPoppler = ['pdftotext', 'pdftoppm', 'pdfimages', 'pdfinfo'].every((t) => spawnSync(t, ['-v']).error === undefined);

/** Every stream's bytes, inflated when it is FlateDecode (as latin1 text, so byte searches work on it). */
export function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /<<((?:[^<>]|<<(?:[^<>]|<<[^<>]*>>)*>>|<[^<>]*>)*)>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    const raw = pdf.subarray(start, end);
    out.push(/\/FlateDecode/.test(m[1]!) ? inflateSync(raw).toString('latin1') : raw.toString('latin1'));
  }
  return out;
}

/** The whole file plus every inflated stream, for searching identifying text in any form the PDF may hold it. */
export function searchableBytes(pdf: Buffer): string {
  return [pdf.toString('latin1'), ...streams(pdf)].join('\n');
}

/** A string as it could sit in PDF bytes: UTF-8, Latin-1, UTF-16BE (PDF text strings), PDF hex of each. */
export function encodings(s: string): string[] {
  const utf16 = Buffer.from(s, 'utf16le').swap16();
  const forms = [Buffer.from(s, 'utf8'), Buffer.from(s, 'latin1'), utf16];
  return [...forms.map((b) => b.toString('latin1')), ...forms.map((b) => b.toString('hex')), ...forms.map((b) => b.toString('hex').toUpperCase())];
}

export interface StrokedPath {
  colour: number[];
  width: number;
  subpaths: Array<Array<[number, number]>>;
}

export interface PageOps {
  strokes: StrokedPath[];
  /** every `cm` matrix set on the page */
  transforms: number[][];
  /** fill opacities (ExtGState /ca) used by name */
  gs: string[];
}

const TOKEN = /\[|\]|<<|>>|<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)|\/[^\s/[\]<>()]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+/g;

/** Content-stream operators → stroked paths (m, l, re, h, S; fills and clips end a path without a stroke). */
export function pageOps(content: string): PageOps {
  const strokes: StrokedPath[] = [];
  const transforms: number[][] = [];
  const gs: string[] = [];
  const stack: Array<{ colour: number[]; width: number }> = [];
  let state = { colour: [0, 0, 0], width: 1 };
  let operands: string[] = [];
  let subpaths: Array<Array<[number, number]>> = [];
  const nums = (n: number) => operands.slice(-n).map(Number);
  for (const m of content.matchAll(TOKEN)) {
    const t = m[0];
    if (!/^[A-Za-z'"*]+$/.test(t)) {
      operands.push(t);
      continue;
    }
    switch (t) {
      case 'q': stack.push({ ...state }); break;
      case 'Q': state = stack.pop() ?? state; break;
      case 'w': state.width = nums(1)[0]!; break;
      case 'SCN': case 'RG': state.colour = operands.filter((o) => !o.startsWith('/')).map(Number); break;
      case 'cm': transforms.push(nums(6)); break;
      case 'gs': gs.push(operands[operands.length - 1]!); break;
      case 'm': subpaths.push([nums(2) as [number, number]]); break;
      case 'l': subpaths[subpaths.length - 1]!.push(nums(2) as [number, number]); break;
      case 're': {
        const [x, y, w, h] = nums(4) as [number, number, number, number];
        subpaths.push([[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]);
        break;
      }
      case 'S': strokes.push({ ...state, subpaths }); subpaths = []; break;
      case 'f': case 'F': case 'n': case 'B': case 'b': subpaths = []; break;
      default: break;
    }
    operands = [];
  }
  return { strokes, transforms, gs };
}

/** The content streams of the pages, in page order (pdfkit writes one per page, in order). */
export function pageContents(pdf: Buffer): string[] {
  return streams(pdf).filter((s) => /\b(BT|re|m)\b/.test(s) && /\bcm\b/.test(s));
}

export function pdftotext(file: string, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
}

export function pdfinfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

/** Rows of `pdfimages -list` below its two header lines: one per embedded raster image. */
export function pdfImages(file: string): string[] {
  return execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
}

/** Renders page 1 to `${prefix}-1.png` at `dpi`; returns the PNG's width and height from its header. */
export function renderPng(file: string, prefix: string, dpi: number): { path: string; width: number; height: number } {
  execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-png', file, prefix]);
  const path = `${prefix}-1.png`;
  const head = readFileSync(path).subarray(0, 24);
  return { path, width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

export interface WordBox {
  page: number;
  word: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Every word poppler finds, with its box in pt (`pdftotext -bbox`). */
export function wordBoxes(file: string): WordBox[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return html.split('<page ').slice(1).flatMap((page, i) =>
    [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      page: i + 1,
      word: m[5]!,
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
    })),
  );
}

/**
 * Pairs of words printed over each other: boxes that overlap across, on lines that share more than half their
 * height (a font box's descent reaching into the next line's ascent is no collision).
 */
export function collidingWords(words: WordBox[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [i, a] of words.entries()) {
    for (const b of words.slice(i + 1)) {
      if (a.page !== b.page) continue;
      const across = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const down = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (across > 0.01 && down > 0.5 * Math.min(a.y1 - a.y0, b.y1 - b.y0)) out.push([a.word, b.word]);
    }
  }
  return out;
}
