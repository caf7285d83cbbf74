/**
 * Which rule set a workbook is checked against. The pane starts with the bundled rules; a rule set the user
 * activates is kept in the workbook's settings (its files, version and content hash), with the ones it replaced,
 * so the workbook remembers its policy. A stored set that no longer loads (say, after an add-in update renamed a
 * fact) falls back to the last one that still does, and the pane says so.
 */
import { type RuleSource } from '../../engine/index';
import { type SettingsStore } from '../excel/settings-store';
import { type RulesClient } from '../rules/rules-client';
import { type RulesInfo } from '../rules/rules-host';

export const RULES_SETTING = 'cosell.rules';

/** How many replaced rule sets are kept to fall back on. */
const HISTORY = 3;

export interface StoredRuleSet {
  readonly name: string;
  readonly version: string;
  readonly hash: string;
  readonly activatedAt: string;
  readonly sources: readonly RuleSource[];
}

interface RulesSetting {
  readonly active?: StoredRuleSet;
  /** Rule sets that were active before, newest first. */
  readonly previous: readonly StoredRuleSet[];
}

export interface RulesStatus {
  /** `Co-sell policy 2026.11.0 #…` */
  readonly description: string;
  readonly source: 'bundled' | 'workbook';
  /** Set when the stored rule set did not load and another is used instead. */
  readonly warning?: string;
}

/**
 * @example
 * const rules = new WorkbookRules(settings, rulesClient);
 * const status = await rules.restore(); // { description: 'Co-sell policy 2026.12.0 #…', source: 'workbook' }
 */
export class WorkbookRules {
  constructor(
    private readonly settings: SettingsStore,
    private readonly rules: RulesClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Uses the rule set stored in the workbook, else the last stored one that loads, else the bundled one. */
  async restore(): Promise<RulesStatus> {
    const stored = this.read();
    const candidates = [...(stored.active ? [stored.active] : []), ...stored.previous];
    let failure: string | undefined;
    for (const [i, set] of candidates.entries()) {
      const info = await this.rules.run({ kind: 'useRules', sources: set.sources });
      if (info.problems.length === 0) {
        const warning = failure && `${failure} Using ${info.description}, the last rule set that loads, instead.`;
        return { description: info.description!, source: 'workbook', ...(i > 0 ? { warning } : {}) };
      }
      failure ??= `The rule set stored in this workbook (${set.name} ${set.version} #${set.hash}) no longer loads: ${info.problems[0]}`;
    }
    const bundled = await this.rules.run({ kind: 'useRules' });
    return { description: bundled.description!, source: 'bundled', ...(failure ? { warning: `${failure} Using the bundled rules instead.` } : {}) };
  }

  /** Checks a candidate without using it. */
  lint(sources: readonly RuleSource[]): Promise<RulesInfo> {
    return this.rules.run({ kind: 'lintRules', sources });
  }

  /** Judges by the candidate from now on, and keeps it in the workbook. Refused (nothing changes) if it does not load. */
  async activate(sources: readonly RuleSource[]): Promise<RulesStatus> {
    const info = await this.rules.run({ kind: 'useRules', sources });
    if (info.problems.length > 0) throw new Error(`These rules cannot be activated: ${info.problems[0]}`);
    const stored = this.read();
    const set: StoredRuleSet = { name: info.name!, version: info.version!, hash: info.hash!, activatedAt: this.now().toISOString(), sources };
    const previous = [...(stored.active ? [stored.active] : []), ...stored.previous].filter((p) => p.hash !== set.hash).slice(0, HISTORY);
    await this.write({ active: set, previous });
    return { description: info.description!, source: 'workbook' };
  }

  /** Back to the rules the add-in ships with; the stored set is kept among the previous ones. */
  async revert(): Promise<RulesStatus> {
    const stored = this.read();
    const info = await this.rules.run({ kind: 'useRules' });
    await this.write({ previous: [...(stored.active ? [stored.active] : []), ...stored.previous].slice(0, HISTORY) });
    return { description: info.description!, source: 'bundled' };
  }

  private read(): RulesSetting {
    const value = this.settings.get(RULES_SETTING) as Partial<RulesSetting> | undefined;
    const valid = (s: unknown): s is StoredRuleSet => typeof s === 'object' && s !== null && Array.isArray((s as StoredRuleSet).sources);
    return { active: valid(value?.active) ? value.active : undefined, previous: Array.isArray(value?.previous) ? value.previous.filter(valid) : [] };
  }

  private async write(setting: RulesSetting): Promise<void> {
    this.settings.set(RULES_SETTING, setting);
    await this.settings.save();
  }
}
