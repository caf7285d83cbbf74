import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACTIONS, FACTS, describeRuleSet, dealMachine, lifecycleDiagram, rulesReference } from '../../engine/node';
import { ROOT, shippedRuleSet } from '../helpers/deal-rows';
import { readmeLifecycleBlock } from '../../scripts/generate-docs';
import { runCli } from '../helpers/run-cli';
import { copyRules, tempDir } from '../helpers/temp-dir';

const tmp = tempDir();
const DOC = path.join(ROOT, 'docs', 'rules-reference.md');

describe('docs/rules-reference.md', () => {
  test('is up to date with the rules and the engine (run npm run cosell -- rules doc)', () => {
    expect(fs.readFileSync(DOC, 'utf8')).toBe(rulesReference(shippedRuleSet()));
  });

  test('lists every fact, every rule with its message, and the version', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const ruleSet = shippedRuleSet();
    for (const fact of FACTS) expect(doc).toContain(`| \`${fact.name}\` |`);
    for (const rule of ruleSet.rules) expect(doc).toContain(`#### \`${rule.name}\``);
    expect(doc).toContain(describeRuleSet(ruleSet));
  });

  test('cosell rules doc writes it', async () => {
    const out = path.join(tmp, 'reference.md');
    const { status, stdout } = await runCli('rules', 'doc', '--out', out);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Wrote .*reference\.md \(Co-sell policy /);
    expect(fs.readFileSync(out, 'utf8')).toContain('```mermaid\nstateDiagram-v2');
  });

  test('cosell rules doc on a candidate folder writes into it, never over the shipped reference', async () => {
    const candidate = copyRules(path.join(ROOT, 'rules'), tmp);
    const shipped = fs.readFileSync(path.join(ROOT, 'docs', 'rules-reference.md'), 'utf8');
    const { status } = await runCli('rules', 'doc', candidate);
    expect(status).toBe(0);
    expect(fs.existsSync(path.join(candidate, 'rules-reference.md'))).toBe(true);
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'rules-reference.md'), 'utf8')).toBe(shipped);
  });
});

describe('the lifecycle diagram', () => {
  test('is drawn from the machine: every state and every event appears', () => {
    const diagram = lifecycleDiagram();
    const states: string[] = [];
    const walk = (node: { path: string[]; states: Record<string, never> }) => {
      for (const child of Object.values(node.states) as { path: string[]; states: Record<string, never> }[]) {
        states.push(child.path.join('_'));
        walk(child);
      }
    };
    walk(dealMachine.root as never);
    expect(states).toHaveLength(13);
    for (const id of states) expect(diagram).toMatch(new RegExp(`state "${id.split('_').pop()}(: [^"]+)?" as ${id}\n`));
    for (const action of ACTIONS) expect(diagram).toContain(`: ${action.name}`);
    expect(diagram).toContain('state "received: New/Received" as received_received');
    expect(diagram).toContain('state "submitted: Closed/Won, registration Submitted" as won_submitted');
    expect(diagram).toContain('accepted --> won : Win (assessments: after Present to customer; win rules)');
    expect(diagram).toContain('accepted --> accepted : Stage (never to Won; assessments: the next stage only; stage rules)');
    expect(diagram).toContain('won_submitted --> won_approved : Registration approved');
    expect(diagram).not.toMatch(/received[_a-z]* --> [a-z_]+ : Invite/);
  });

  test('leaves out the rules of a gate the rule set leaves open', () => {
    expect(lifecycleDiagram(['stage', 'win'])).toContain('accepted --> won : Win (assessments: after Present to customer)\n');
  });

  test('in the README is the one the machine draws (npm run generate:docs)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(readmeLifecycleBlock(shippedRuleSet()));
  });
});
