/**
 * Synthetic 12-lead ECGs with known truth: each wave is a sum of Gaussians in time carrying a heart vector
 * (x left, y down, z anterior); a lead is the projection of that vector on the lead's axis (Einthoven and
 * Goldberger exactly, precordial leads on horizontal-plane directions). The truth of a wave is its centre and
 * the span ±2.5σ of its outer Gaussians, where it is within 4 % of its height.
 */
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { STANDARD_LEADS } from '../../../src-main/ecg/leads.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';

type Vec = [number, number, number];
interface Lobe { dt: number; sigma: number; amp: number; dir: Vec }

export interface SyntheticOptions {
  fs?: number;
  seconds?: number;
  /** R times in seconds; default every `rr` s from 0.6 s */
  rTimes?: number[];
  rr?: number;
  withP?: boolean;
  /** frontal direction of the QRS vector, degrees (0 = lead I, 90 = aVF) */
  qrsAxisDeg?: number;
  pr?: number; // s, P centre to R
  rt?: number; // s, R to T centre
  noiseMv?: number;
  wanderMv?: number;
  mainsMv?: number;
  seed?: number;
}

export interface SyntheticTruth {
  r: number[];
  p: Array<{ on: number; peak: number; off: number }>;
  qrs: Array<{ on: number; peak: number; off: number }>;
  t: Array<{ on: number; peak: number; off: number }>;
}

const deg = (d: number) => (d * Math.PI) / 180;
const frontal = (d: number, z = 0): Vec => [Math.cos(deg(d)), Math.sin(deg(d)), z];

function leadProjection(name: string, v: Vec): number {
  const I = v[0];
  const II = v[0] * Math.cos(deg(60)) + v[1] * Math.sin(deg(60));
  switch (name) {
    case 'I': return I;
    case 'II': return II;
    case 'III': return II - I;
    case 'aVR': return -(I + II) / 2;
    case 'aVL': return I - II / 2;
    case 'aVF': return II - I / 2;
    default: {
      // V1…V6 from anterior-right (V1 at 115°) to left-lateral (V6 at 0°) in the horizontal plane.
      const k = Number(name.slice(1));
      const a = deg(115 - (k - 1) * 23);
      return v[0] * Math.cos(a) + v[2] * Math.sin(a);
    }
  }
}

export function syntheticEcg(o: SyntheticOptions = {}): { record: EcgRecord; truth: SyntheticTruth } {
  const fs = o.fs ?? 500;
  const seconds = o.seconds ?? 10;
  const n = Math.round(fs * seconds);
  const rr = o.rr ?? 0.8;
  const rTimes = o.rTimes ?? Array.from({ length: Math.floor((seconds - 1.0) / rr) + 1 }, (_, i) => 0.6 + i * rr);
  const pr = o.pr ?? 0.16;
  const rt = o.rt ?? 0.3;
  const axis = o.qrsAxisDeg ?? 60;
  const beat: Array<{ kind: 'p' | 'qrs' | 't'; lobes: Lobe[] }> = [
    { kind: 'qrs', lobes: [
      { dt: -0.022, sigma: 0.006, amp: -0.15, dir: frontal(axis, 0.3) },
      { dt: 0, sigma: 0.01, amp: 1.2, dir: frontal(axis, 0.3) },
      { dt: 0.024, sigma: 0.007, amp: -0.3, dir: frontal(axis + 150, -0.8) },
    ] },
    { kind: 't', lobes: [{ dt: rt, sigma: 0.04, amp: 0.35, dir: frontal(axis - 10, 0.4) }] },
  ];
  if (o.withP ?? true) beat.push({ kind: 'p', lobes: [{ dt: -pr, sigma: 0.02, amp: 0.15, dir: frontal(55, 0.2) }] });
  const truth: SyntheticTruth = { r: [], p: [], qrs: [], t: [] };
  const samples = STANDARD_LEADS.map(() => new Float32Array(n));
  for (const rt0 of rTimes) {
    truth.r.push(Math.round(rt0 * fs));
    for (const wave of beat) {
      const on = Math.min(...wave.lobes.map((l) => l.dt - 2.5 * l.sigma));
      const off = Math.max(...wave.lobes.map((l) => l.dt + 2.5 * l.sigma));
      const centre = wave.lobes.reduce((a, l) => (Math.abs(l.amp) > Math.abs(a.amp) ? l : a)).dt;
      truth[wave.kind].push({ on: Math.round((rt0 + on) * fs), peak: Math.round((rt0 + centre) * fs), off: Math.round((rt0 + off) * fs) });
      for (const l of wave.lobes) {
        const c = (rt0 + l.dt) * fs;
        const s = l.sigma * fs;
        for (let t = Math.max(0, Math.floor(c - 5 * s)); t < Math.min(n, Math.ceil(c + 5 * s)); t++) {
          const g = l.amp * Math.exp(-0.5 * ((t - c) / s) ** 2);
          STANDARD_LEADS.forEach((name, k) => (samples[k]![t]! += g * leadProjection(name, l.dir)));
        }
      }
    }
  }
  const rnd = mulberry32(o.seed ?? 1);
  const noise = o.noiseMv ?? 0;
  const wander = o.wanderMv ?? 0;
  const mains = o.mainsMv ?? 0;
  for (const x of samples) {
    const phase = rnd() * 2 * Math.PI;
    for (let t = 0; t < n; t++) {
      x[t]! += noise * (rnd() + rnd() + rnd() - 1.5) * 2 + wander * Math.sin((2 * Math.PI * 0.3 * t) / fs + phase) + mains * Math.sin((2 * Math.PI * 50 * t) / fs);
    }
  }
  const record: EcgRecord = {
    leads: [...STANDARD_LEADS], fs, samples, patient: {}, source: { format: 'synthetic', path: '', sha256: '' },
  };
  return { record, truth };
}
