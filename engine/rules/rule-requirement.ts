import { type LoadedRule } from './rule-file';

/**
 * What a rule requires, as a sentence: its message without the clause that quotes the row (`Customer Country must
 * be a two-letter ISO 3166 code such as US or GB, not "{customerCountry}".` becomes `Customer Country must be a
 * two-letter ISO 3166 code such as US or GB.`); a message that starts with the row's value names its column
 * instead; where no clause can be cut, the rule's description, else the message with `…` for the row's values.
 */
export function requirementOf(rule: LoadedRule): string {
  const message = rule.event.params.message;
  const placeholder = message.indexOf('{');
  if (placeholder < 0) return asSentence(message);
  const cut = lastSeparator(message.slice(0, placeholder));
  // A cut that leaves a bare column name (`Deal Name: value {…}`) says nothing: fall back below.
  if (cut > 0 && message.slice(0, cut).trim().split(/\s+/).length >= 3) return asSentence(message.slice(0, cut));
  const column = rule.event.params.columns?.[0];
  if (placeholder === 0 && column !== undefined) {
    const rest = message.slice(message.indexOf('}') + 1);
    const next = rest.indexOf('{');
    const clause = next < 0 ? rest : rest.slice(0, Math.max(lastSeparator(rest.slice(0, next)), 0));
    const text = `${column}${clause}`;
    if (!text.includes('{') && text.length > column.length + 2) return asSentence(text);
    // The message starts with the columns it names (`{assessmentSolutionColumns}: a solution assessment belongs …`):
    // what follows them is the requirement.
    const said = clause.replace(/^[:;,]?\s*/, '');
    if (/^\{\w+\}$/.test(column) && !said.includes('{') && said.trim().split(/\s+/).length >= 3) return asSentence(said[0].toUpperCase() + said.slice(1));
  }
  return asSentence(rule.description ?? message.replace(/\{\w+\}/g, '…'));
}

function lastSeparator(text: string): number {
  return Math.max(text.lastIndexOf(', '), text.lastIndexOf('; '), text.lastIndexOf(': '));
}

/** The text as a sentence: trimmed, a trailing `;`/`,`/`:` dropped, a full stop added where it has none. */
export function asSentence(text: string): string {
  const trimmed = text.trim().replace(/[;,:]$/, '');
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

