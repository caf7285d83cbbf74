import { decodeXstring, scanTags, textBetween } from './xml-text';

/**
 * The shared strings of a workbook, by index: the text of each `<si>`, rich-text runs joined, phonetic guides
 * (`<rPh>`) left out, `_xHHHH_` escapes decoded.
 *
 * @example
 * readSharedStrings('<sst><si><t>Contoso</t></si><si><r><t>Fab</t></r><r><t>rikam</t></r></si></sst>'); // ['Contoso', 'Fabrikam']
 */
export function readSharedStrings(xml: string | undefined): string[] {
  if (xml === undefined) return [];
  const strings: string[] = [];
  let parts: string[] | undefined;
  let inPhonetic = false;
  let textStart = -1;
  for (const tag of scanTags(xml)) {
    switch (tag.local) {
      case 'si':
        if (tag.kind === 'start') parts = [];
        else if (tag.kind === 'empty') strings.push('');
        else {
          strings.push((parts ?? []).join(''));
          parts = undefined;
        }
        break;
      case 'rPh':
        inPhonetic = tag.kind === 'start';
        break;
      case 't':
        if (!parts || inPhonetic) break;
        if (tag.kind === 'start') textStart = tag.end;
        else if (tag.kind === 'end' && textStart >= 0) parts.push(decodeXstring(textBetween(xml, textStart, tag.start)));
        break;
    }
  }
  return strings;
}
