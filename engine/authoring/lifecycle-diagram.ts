import { type AnyStateNode } from 'xstate';
import { type DealStateMeta, dealMachine } from '../lifecycle/deal-machine';
import { ACTIONS } from '../domain/actions';

/** What each of the machine's own guards checks, as a diagram label says it. */
const LIFECYCLE_GUARD_WORDS: Readonly<Record<string, string>> = {
  stageIsNotWon: 'never to Won',
  stageInOrder: 'assessments: the next stage only',
  assessmentStagesDone: 'assessments: after Present to customer',
};

/**
 * The deal lifecycle as a Mermaid state diagram, drawn from the machine definition itself, so the picture
 * cannot drift from what the engine does. Each state shows Partner Center's Status/Substatus (its `meta`); each
 * transition its action, the lifecycle's own checks, and the gate whose rules can refuse it (unless the rule set
 * leaves that gate open: `openGates`).
 *
 * @example
 * lifecycleDiagram().split('\n')[0]; // 'stateDiagram-v2'
 */
export function lifecycleDiagram(openGates: readonly string[] = []): string {
  const lines = ['stateDiagram-v2', '  direction LR'];
  drawChildren(dealMachine.root, lines, '  ', new Set(openGates));
  return lines.join('\n');
}

/** Mermaid state ids are global: a node's path joined by underscores. */
const idOf = (node: AnyStateNode) => node.path.join('_');

function nameOf(node: AnyStateNode): string {
  const meta = node.meta as DealStateMeta | undefined;
  if (!meta) return node.key;
  return `${node.key}: ${meta.status}/${meta.substatus}${meta.registration ? `, registration ${meta.registration}` : ''}`;
}

function drawChildren(parent: AnyStateNode, lines: string[], indent: string, openGates: ReadonlySet<string>): void {
  const initial = parent.initial?.target[0];
  if (initial) lines.push(`${indent}[*] --> ${idOf(initial)}`);
  for (const node of Object.values(parent.states)) {
    lines.push(`${indent}state "${nameOf(node)}" as ${idOf(node)}`);
    if (Object.keys(node.states).length > 0) {
      lines.push(`${indent}state ${idOf(node)} {`);
      drawChildren(node, lines, `${indent}  `, openGates);
      lines.push(`${indent}}`);
    }
  }
  for (const node of Object.values(parent.states)) {
    for (const [event, transitions] of node.transitions) {
      for (const transition of transitions) {
        const target = transition.target?.[0] ?? node;
        lines.push(`${indent}${idOf(node)} --> ${idOf(target)} : ${labelOf(event, guardNames(transition.guard), openGates)}`);
      }
    }
    if (node.type === 'final') lines.push(`${indent}${idOf(node)} --> [*]`);
  }
}

/** The named guards of a transition: one name, or the names an `and([...])` combines. */
function guardNames(guard: unknown): string[] {
  if (typeof guard === 'string') return [guard];
  const combined = (guard as { guards?: unknown } | undefined)?.guards;
  return Array.isArray(combined) ? combined.filter((g): g is string => typeof g === 'string') : [];
}

function labelOf(event: string, guards: readonly string[], openGates: ReadonlySet<string>): string {
  const action = ACTIONS.find((a) => a.event === event);
  const checks = guards.flatMap((g) => (LIFECYCLE_GUARD_WORDS[g] ? [LIFECYCLE_GUARD_WORDS[g]] : []));
  if (action?.gate && guards.includes('policyAllows') && !openGates.has(action.gate)) checks.push(`${action.gate} rules`);
  const name = action?.name ?? event;
  return checks.length > 0 ? `${name} (${checks.join('; ')})` : name;
}
