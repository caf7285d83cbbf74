/** scanRecordEnds finds what a character-by-character reading finds: the last record end outside quotes. */
import fc from 'fast-check';
import { type ScanState, scanRecordEnds } from '../../engine/io/csv/csv-chunks';

/** The plain reading, one character at a time (what csv-chunks did before it jumped with indexOf). */
function byCharacter(text: string, state: ScanState): ScanState {
  let { quoted, cut } = state;
  let i = state.scanned;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) quoted = !quoted;
    else if (!quoted && code === 10) cut = i + 1;
    else if (!quoted && code === 13) {
      if (i + 1 === text.length) break;
      if (text.charCodeAt(i + 1) !== 10) cut = i + 1;
    }
  }
  return { scanned: i, quoted, cut };
}

const textArb = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é'), maxLength: 60 });

describe('scanRecordEnds', () => {
  it('agrees with a character-by-character reading, from any point and state', () => {
    fc.assert(
      fc.property(textArb, fc.nat(60), fc.boolean(), (text, from, quoted) => {
        const state = { scanned: Math.min(from, text.length), quoted, cut: 0 };
        expect(scanRecordEnds(text, state)).toEqual(byCharacter(text, state));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees when the text grows piece by piece, as a file is read', () => {
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 1, maxLength: 6 }), (pieces) => {
        let text = '';
        let fast: ScanState = { scanned: 0, quoted: false, cut: 0 };
        let slow: ScanState = fast;
        for (const piece of pieces) {
          text += piece;
          fast = scanRecordEnds(text, fast);
          slow = byCharacter(text, slow);
          expect(fast).toEqual(slow);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves a CR at the very end unread, and counts CRLF, LF and a bare CR as record ends', () => {
    expect(scanRecordEnds('a\r', { scanned: 0, quoted: false, cut: 0 })).toEqual({ scanned: 1, quoted: false, cut: 0 });
    expect(scanRecordEnds('a\r\nb\rc\nd', { scanned: 0, quoted: false, cut: 0 })).toEqual({ scanned: 8, quoted: false, cut: 7 });
    expect(scanRecordEnds('"a\nb"\n"c', { scanned: 0, quoted: false, cut: 0 })).toEqual({ scanned: 8, quoted: true, cut: 6 });
  });

  it('reads a long row of quoted cells without going back over it', () => {
    const row = Array.from({ length: 20000 }, () => '"x"').join(',');
    expect(scanRecordEnds(`${row}\n`, { scanned: 0, quoted: false, cut: 0 }).cut).toBe(row.length + 1);
  });
});
