/** Input the product cannot work with at all (CLI exit 2). The message names the file and, when known, the row and column. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
