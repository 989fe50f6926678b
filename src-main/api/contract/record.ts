/**
 * Schemas for the parts of an EcgRecord that cross the API (src-main/ecg/record.ts is the source of truth;
 * these mirror it field for field, with Float32Array samples carried as plain number arrays).
 */
import { z } from 'zod';

export const Sex = z.enum(['M', 'F', 'U']);

export const Patient = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  sex: Sex.optional(),
  birthDate: z.string().optional(),
  age: z.number().optional(),
});
export type Patient = z.infer<typeof Patient>;

export const Device = z.object({
  manufacturer: z.string().optional(),
  model: z.string().optional(),
  serial: z.string().optional(),
  software: z.string().optional(),
});
export type Device = z.infer<typeof Device>;

export const LeadInfo = z.object({ name: z.string(), derived: z.boolean() });
export type LeadInfo = z.infer<typeof LeadInfo>;

export const RecordCheck = z.object({
  name: z.string(),
  status: z.enum(['ok', 'mismatch', 'absent']),
  detail: z.string().optional(),
});
export type RecordCheck = z.infer<typeof RecordCheck>;

export const Annotation = z.object({
  lead: z.string().optional(),
  sample: z.number().int(),
  duration: z.number().int().optional(),
  type: z.string(),
  label: z.string(),
});
export type Annotation = z.infer<typeof Annotation>;

/** Interval measurements as the source device reported them (ms, bpm, degrees). */
export const Measurements = z.record(z.string(), z.number());

