/**
 * The file name of one study's report inside a batch folder, for every exporter (the CLI's --pdf-dir, the API's
 * exportPdf with a folder, which the worklist and the study viewer use), so the same study gets the same name
 * whichever way it is written.
 *
 * | export          | name                           | why                                                       |
 * |-----------------|--------------------------------|-----------------------------------------------------------|
 * | identified      | study-<archive id>.pdf         | one file per study, found again by its worklist id         |
 * | de-identified   | <pseudonym>-<sequence>.pdf     | the archive's study id would link the file back to the     |
 * |                 |                                | patient; the sequence tells one patient's studies apart    |
 * | de-identified,  | study-<sequence>.pdf           | nothing identifying to derive a pseudonym from             |
 * | no pseudonym    |                                |                                                           |
 */
import type { DeidentificationNote } from './deidentify.js';

/**
 * @param deidentified the printed input's note (RenderedReport.printed.deidentified); undefined when identified
 * @param sequence the report's 1-based position in its batch
 */
export function reportFileName(studyId: number, deidentified: Pick<DeidentificationNote, 'pseudonym'> | undefined, sequence: number): string {
  return deidentified ? `${deidentified.pseudonym ?? 'study'}-${sequence}.pdf` : `study-${studyId}.pdf`;
}
