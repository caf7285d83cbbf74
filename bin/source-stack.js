// The command's bundle is minified (it starts faster): an internal error's stack names places in it. This turns them
// back into the source files, lines and columns, through the bundle's linked source map, read only when an error
// needs it.
const fs = require('node:fs');
const path = require('node:path');

/**
 * The stack with every `…/<bundle>:line:column` replaced by `<source file>:line:column` (relative to `root`), where
 * the map knows the place; the stack as it was if the map cannot be read.
 *
 * @example
 * sourceStack(error.stack, '/app/lib/cli/cosell.cjs', '/app');
 * // 'TypeError: …\n    at Kt (engine/io/csv/csv-chunks.ts:88:11)\n …'
 */
function sourceStack(stack, bundle, root) {
  let map;
  try {
    const { SourceMap } = require('node:module');
    map = new SourceMap(JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf8')));
  } catch {
    return stack;
  }
  const escaped = bundle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return stack.replace(new RegExp(`(?:file://)?${escaped}:(\\d+):(\\d+)`, 'g'), (place, line, column) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || typeof entry.originalSource !== 'string') return place;
    const source = path.resolve(path.dirname(bundle), entry.originalSource.replace(/^file:\/\//, ''));
    return `${path.relative(root, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

module.exports = { sourceStack };
