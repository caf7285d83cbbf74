/**
 * How many bytes a value takes as JSON in UTF-8: how the gateway budgets a request to Excel, and how the
 * stand-in decides that a payload is over Excel on the web's 5 MB.
 */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code < 0xdc00 ? (i++, 4) : 3;
  }
  return bytes;
}
