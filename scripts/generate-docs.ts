/**
 * Regenerates the documents drawn from the engine and the shipped rules (`npm run generate:docs`):
 *
 * 1. `docs/rules-reference.md`, as `cosell rules doc` writes it;
 * 2. the lifecycle diagram in the README, between its `lifecycle diagram` markers.
 *
 * Tests fail when either is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type RuleSet, loadRuleDir } from '../engine/node';
import { RULES_REFERENCE_PATH, lifecycleDiagram, rulesReference } from '../engine/authoring/index';

const ROOT = path.join(__dirname, '..');
const BEGIN = '<!-- lifecycle diagram: drawn from engine/lifecycle/deal-machine.ts by npm run generate:docs -->';
const END = '<!-- end of lifecycle diagram -->';

/** The README's generated lifecycle block, markers included. */
export function readmeLifecycleBlock(ruleSet: RuleSet): string {
  return `${BEGIN}\n\`\`\`mermaid\n${lifecycleDiagram(ruleSet.openGates)}\n\`\`\`\n${END}`;
}

if (require.main === module) {
  const { ruleSet, problems } = loadRuleDir(path.join(ROOT, 'rules'));
  if (!ruleSet) throw new Error(`The shipped rules do not load: ${problems.map((p) => p.message).join('; ')}`);
  fs.writeFileSync(path.join(ROOT, RULES_REFERENCE_PATH), rulesReference(ruleSet));
  const readmePath = path.join(ROOT, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no "${BEGIN}" … "${END}" block.`);
  fs.writeFileSync(readmePath, readme.slice(0, start) + readmeLifecycleBlock(ruleSet) + readme.slice(end + END.length));
  console.log(`wrote ${RULES_REFERENCE_PATH} and the lifecycle diagram in README.md`);
}
