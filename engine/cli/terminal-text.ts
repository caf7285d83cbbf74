/**
 * Characters that would act on a terminal rather than show: C0 controls but TAB and LF (ESC starts the escape
 * sequences that clear the screen, move the cursor or retitle the window; CR rewrites the line), DEL, the C1
 * controls 0x80–0x9F (0x9B is a one-byte ESC [), and the bidirectional marks, embeddings, overrides and isolates
 * that can make text read in an order other than the one it has.
 */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text as it may be shown on a terminal: every control character (see `UNSAFE`) is replaced by a visible escape,
 * `\x1B` for ESC, `\u202E` for a right-to-left override. Tabs and line breaks stay.
 *
 * @example
 * terminalText('row 2: "\u001b[2JHi"'); // 'row 2: "\x1B[2JHi"'
 * terminalText('a\tb\nc'); // 'a\tb\nc'
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}
