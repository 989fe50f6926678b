/**
 * Errors of the model layer. Each names the file it is about, so a user with a bring-your-own-model package or
 * a batch of ECGs knows which file to fix and how.
 */

abstract class FileProblem extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** A model package that cannot be used: manifest missing or invalid, a listed file missing or altered. */
export class ModelPackageError extends FileProblem {
  override readonly name = 'ModelPackageError';
}

/** An ECG that cannot be turned into the model's input (a lead missing, NaN samples, no samples). */
export class ModelInputError extends FileProblem {
  override readonly name = 'ModelInputError';
}
