/**
 * Free-text statements as GE 12SL and Philips DXL write them, read through statement_superclass.csv: the class a
 * cardiologist reads from each, negations that must not give the class, hedges that leave it undecided, and
 * statements that must stay unread because the table does not know a word of them.
 */
import { describe, expect, it } from 'vitest';
import { loadLabelMap, type StatementReading } from '../../../src-main/analysis/label-map.js';
import { normalise, PhraseIndex } from '../../../src-main/analysis/statement-text.js';

const map = loadLabelMap(['NORM', 'MI', 'STTC', 'CD', 'HYP']);
const plain = (...targets: string[]): StatementReading => ({ targets, uncertain: [] });
const possible = (...classes: string[]): StatementReading => ({ targets: classes.map(() => 'not-NORM'), uncertain: classes });

describe('statement text', () => {
  it('normalises case, accents, punctuation, abbreviations and filler words', () => {
    expect(normalise('Sinus rhythm with 1st degree A-V block')).toEqual('sinus rhythm first degree av block'.split(' '));
    expect(normalise('ST & T wave abnormality, consider inferior ischemia')).toEqual('st t abnormality , consider ischemia'.split(' '));
    expect(normalise('LVH w/ Non-specific ST changes')).toEqual('left ventricular hypertrophy nonspecific st changes'.split(' '));
    expect(normalise("RSR' in V1, LAHB")).toEqual('rsr , lafb'.split(' '));
    expect(normalise('- ABNORMAL ECG -')).toEqual(['abnormal', 'ecg']);
    expect(normalise('Förmaksflimmer; 2:1')).toEqual(['formaksflimmer', ',', '2to1']);
    expect(normalise('(QRSd >115mS, not LBBB)')).toEqual('( qrsd 115ms , not left bundle branch block )'.split(' '));
  });

  it.each<[string, StatementReading]>([
    // GE 12SL
    ['Normal sinus rhythm', plain('NORM')],
    ['Normal ECG', plain('NORM')],
    ['Otherwise normal ECG', plain('NORM')],
    ['Abnormal ECG', plain('not-NORM')],
    ['Borderline ECG', plain('not-NORM')],
    ['Sinus bradycardia with occasional Premature ventricular complexes', plain('NORM', 'none')],
    ['Sinus rhythm with 1st degree A-V block', plain('NORM', 'CD')],
    ['Atrial fibrillation with rapid ventricular response', plain('not-NORM', 'none')],
    ['Right bundle branch block', plain('CD')],
    ['Incomplete right bundle branch block', plain('CD')],
    ['Left anterior fascicular block', plain('CD')],
    ['Left posterior hemiblock', plain('CD')],
    ['Nonspecific intraventricular conduction delay', plain('CD')],
    ['Left ventricular hypertrophy with repolarization abnormality', plain('HYP')],
    ['Minimal voltage criteria for LVH, may be normal variant', plain('none')],
    ['Left atrial enlargement', plain('HYP')],
    ['Inferior infarct , age undetermined', plain('MI', 'none')],
    ['Anteroseptal infarct (cited on or before 14-FEB-2011)', plain('MI')],
    ['Septal infarct , possibly acute', plain('MI')],
    ['** ** ACUTE MI / STEMI ** **', plain('MI', 'MI')],
    ['Nonspecific ST and T wave abnormality', plain('STTC')],
    ['Nonspecific T wave abnormality', plain('none')],
    ['ST elevation', plain('none')],
    ['Prolonged QT', plain('STTC')],
    ['Left axis deviation', plain('none')],
    ['Low voltage QRS', plain('none')],
    ['Poor R wave progression', plain('none')],
    ['When compared with ECG of 25-SEP-2014 14:18, Vent. rate has decreased BY 40 BPM', plain('none')],
    ['Confirmed by VLAY, M.D., STEPHEN (1008) on 2/9/2015 11:10:33 AM', plain('none')],
    // Philips DXL
    ['PROBABLE LEFT VENTRICULAR HYPERTROPHY', plain('HYP')],
    ['Probable left atrial enlargement', plain('HYP')],
    ['Inferior infarct, old', plain('MI')],
    ['Lateral infarct, age indeterminate', plain('MI', 'none')],
    ['Left ventricular hypertrophy with secondary repolarization abnormality', plain('HYP')],
    ['Baseline wander in lead(s) V1', plain('none')],
  ])('%s', (statement, reading) => {
    expect(map.read(statement)).toEqual(reading);
  });

  it.each<[string, StatementReading]>([
    ['No evidence of infarct', plain()],
    ['No ST elevation', plain()],
    ['Not a normal ECG', plain('not-NORM')],
    ['Left ventricular hypertrophy absent', plain()],
    ['Acute infarct ruled out', plain()],
    ['Atrial fibrillation no longer present', plain()],
    ['Normal sinus rhythm, no acute ST elevation', plain('NORM')],
  ])('negated: %s', (statement, reading) => {
    expect(map.read(statement)).toEqual(reading);
  });

  it.each<[string, StatementReading]>([
    ['ST changes cannot be ruled out', possible('STTC')],
    ['Cannot rule out Inferior infarct , age undetermined', { targets: ['not-NORM', 'none'], uncertain: ['MI'] }],
    ['Possible Left atrial enlargement', possible('HYP')],
    ['Consider right ventricular hypertrophy', possible('HYP')],
    ['Borderline prolonged QT interval', possible('STTC')],
    ['LVH not excluded', possible('HYP')],
    ['T wave abnormality, consider inferior ischemia or digitalis effect', { targets: ['none', 'not-NORM', 'not-NORM'], uncertain: ['STTC', 'STTC'] }],
    ['ST elevation consider anterior injury or acute infarct', { targets: ['none', 'not-NORM', 'not-NORM'], uncertain: ['MI', 'MI'] }],
    ["RSR' or QR pattern in V1 suggests right ventricular conduction delay", { targets: ['none', 'not-NORM'], uncertain: ['CD'] }],
    ['Sinus rhythm with possible LAE', { targets: ['NORM', 'not-NORM'], uncertain: ['HYP'] }],
    ['LVH with possible repolarization abnormality', { targets: ['HYP', 'not-NORM'], uncertain: ['STTC'] }],
    ['AV block I (borderline)', possible('CD')],
  ])('hedged: %s', (statement, reading) => {
    expect(map.read(statement)).toEqual(reading);
  });

  it('leaves a statement unread when a word of it is unknown, so the study stays unlabelled', () => {
    for (const s of ['Sinus rhythm with acute pericarditis', 'Pulmonary disease pattern', 'Dextrocardia', 'No significant']) expect(map.read(s), s).toBeUndefined();
    expect(map.labelOf(['Normal sinus rhythm', 'Possible acute pericarditis'])).toEqual({ reason: 'no superclass for "Possible acute pericarditis"' });
  });

  it('labels a GE report as a whole: classes found, hedged ones kept apart, NORM only when nothing rules it out', () => {
    const ge = ['Sinus rhythm with 1st degree A-V block', 'Cannot rule out Anterior infarct , age undetermined', 'ST & T wave abnormality, consider lateral ischemia', 'Abnormal ECG'];
    expect(map.labelOf(ge)).toEqual({ classes: ['STTC', 'CD'], uncertain: ['MI'] });
    expect(map.labelOf(['Normal sinus rhythm', 'Normal ECG'])).toEqual({ classes: ['NORM'] });
    expect(map.labelOf(['Normal sinus rhythm', 'Minimal voltage criteria for LVH, may be normal variant', 'Borderline ECG'])).toEqual({ reason: expect.stringMatching(/^no superclass: /) });
    expect(map.labelOf(['Sinus rhythm', 'Possible Left atrial enlargement'])).toEqual({ reason: expect.stringMatching(/^only possible HYP: /) });
    expect(map.labelOf(['Sinus rhythm', 'No evidence of infarct'])).toEqual({ classes: ['NORM'] });
  });

  it('takes the longest phrase or qualifier, the rest of the statement after "...", and refuses a phrase that reads as a qualifier', () => {
    const index = new PhraseIndex([
      { text: 'block', value: 'b' },
      { text: 'heart block', value: 'hb' },
      { text: 'possible heart', value: 'ph' },
      { text: 'seen by ...', value: 's' },
    ]);
    expect(index.read('possible heart block')).toEqual([{ value: 'ph', phrase: 'possible heart' }, { value: 'b', phrase: 'block' }]);
    expect(index.read('cannot rule out heart block')).toEqual([{ value: 'hb', phrase: 'heart block', qualifier: 'hedge' }]);
    expect(index.read('no block, seen by anyone at all')).toEqual([{ value: 'b', phrase: 'block', qualifier: 'negation' }, { value: 's', phrase: 'seen by ...' }]);
    expect(index.read('block not present (borderline)')).toEqual([{ value: 'b', phrase: 'block', qualifier: 'negation' }]);
    expect(index.read('no')).toBeUndefined();
    expect(() => new PhraseIndex([{ text: 'Possibly', value: 'p' }])).toThrow('"Possibly" reads the same as "possible"');
  });
});
