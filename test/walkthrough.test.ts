/**
 * Follows the README's walkthrough ("the USD 25,000 registration requirement") with the JSON the README shows:
 * the policy changes by editing JSON only, and exactly the won deals below USD 25,000 lose registration.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '../engine/node';
import { ROOT, RULES_DIR, TODAY } from './helpers/deal-rows';
import { runCli } from './helpers/run-cli';
import { tempDir } from './helpers/temp-dir';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const DEALS = path.join(ROOT, 'examples', 'deals.csv');

/** The code block that follows `<!-- walkthrough: NAME -->` in the README, parsed. */
function readmeJson(name: string): any {
  const match = new RegExp(`<!-- walkthrough: ${name} -->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(README);
  if (!match) throw new Error(`README has no walkthrough block "${name}"`);
  return JSON.parse(match[1]);
}

/** Appends to a JSON file's list the way an editor would: the file's text changes, nothing else. */
function appendTo(file: string, key: string, items: unknown[]): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  json[key].push(...items);
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

describe('README walkthrough: adding the USD 25,000 registration requirement by editing JSON', () => {
  const candidate = path.join(tempDir(), 'rules-candidate');
  fs.cpSync(RULES_DIR, candidate, { recursive: true });

  test('1. the new rule passes rules check', async () => {
    appendTo(path.join(candidate, 'registration.json'), 'rules', [readmeJson('rule')]);
    const { status, stdout } = await runCli('rules', 'check', candidate);
    expect(status).toBe(0);
    expect(stdout).toMatch(/: Co-sell policy 2026\.11\.2 #[0-9a-f]{14}: 84 rules in 5 files, no problems\.$/);
  });

  test('2. rules test reports the rule as a gap, then passes with the new cases', async () => {
    const before = await runCli('rules', 'test', candidate);
    expect(before.status).toBe(1);
    expect(before.stdout).toContain('register-needs-minimum-value has no case where it fires.');

    appendTo(path.join(candidate, 'registration.cases.json'), 'cases', readmeJson('cases'));
    const after = await runCli('rules', 'test', candidate);
    expect(after.stdout).toMatch(/^(\d+) passed, 0 failed\.$/);
    expect(after.status).toBe(0);
  });

  test('3. rules impact: exactly the won deals below USD 25,000 lose registration eligibility', async () => {
    const manifest = path.join(candidate, 'rule-set.json');
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('"version": "2026.11.2"', '"version": "2026.12.0"'));
    const out = path.join(path.dirname(candidate), 'impact.csv');
    const { status, stdout } = await runCli('rules', 'impact', '--candidate', candidate, DEALS, '--today', TODAY, '--out', out);
    expect(status).toBe(1);

    // Independently of the engine: the won USD deals below 25,000 that the active rules let register.
    const { grid } = parseCsv(fs.readFileSync(DEALS, 'utf8'), 'deals.csv');
    const col = (h: string) => grid.headers.indexOf(h);
    const registrable = await registrableRows();
    const below = grid.rows
      .map((cells, i) => ({ cells, row: i + 2 }))
      .filter(({ cells, row }) => registrable.has(row) && cells[col('Currency')] === 'USD' && Number(cells[col('Estimated Deal Value')]) < 25000)
      .map(({ row }) => row);
    expect(below).toEqual([36]);
    expect(registrable.size).toBeGreaterThan(below.length); // some registrable deals are at or above the threshold

    const report = parseCsv(fs.readFileSync(out, 'utf8'), 'impact.csv').grid;
    expect(report.rows.map((r) => [Number(r[0]), r[5], r[6]])).toEqual(
      below.map((row) => [row, 'Register', expect.stringMatching(/^Register needs an Estimated Deal Value of at least USD 25,000; it is \d+ USD\.$/)]),
    );
    expect(stdout).toContain(`${below.length} deal changes: 0 become invalid, 0 become valid.`);
    expect(stdout).toContain('  Register: no longer allowed on 1 deal');
    expect(stdout).toContain('(Co-sell policy 2026.11.2 #');
    expect(stdout).toContain('(Co-sell policy 2026.12.0 #');
  });

  test('4. explain shows the new requirement with its values', async () => {
    const { status, stdout } = await runCli('explain', DEALS, '--row', '36', '--action', 'Register', '--rules', candidate, '--today', TODAY);
    expect(status).toBe(1);
    expect(stdout).toContain('Register: refused by 1 of 5 requirements.');
    expect(stdout).toMatch(/Not met:\n  - Register needs an Estimated Deal Value of at least USD 25,000; it is 18000 USD\.\n {6}register-needs-minimum-value [\s\S]*estimatedDealValue lessThan 25000: holds; actual: 18000/);
  });
});

/** Rows whose Register the active (shipped) rules allow, per `cosell explain`. */
async function registrableRows(): Promise<Set<number>> {
  const rows = new Set<number>();
  for (let row = 2; row <= 37; row++) {
    const { status, stdout } = await runCli('explain', DEALS, '--row', String(row), '--action', 'Register', '--today', TODAY);
    if (status === 0 && !stdout.includes('is not possible')) rows.add(row);
  }
  return rows;
}
