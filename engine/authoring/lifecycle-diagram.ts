import { type AnyStateNode } from 'xstate';
import { dealMachine } from '../lifecycle/deal-machine';
import { ACTIONS } from '../domain/actions';

/**
 * The deal lifecycle as a Mermaid state diagram, drawn from the machine definition itself, so the picture
 * cannot drift from what the engine does. Each transition is labelled with its action and, when the policy
 * decides it, the gate whose rules can refuse it.
 *
 * @example
 * lifecycleDiagram().split('\n')[0]; // 'stateDiagram-v2'
 */
export function lifecycleDiagram(): string {
  const lines = ['stateDiagram-v2', '  direction LR'];
  drawChildren(dealMachine.root, lines, '  ');
  return lines.join('\n');
}

/** Mermaid state ids are global: a node's path joined by underscores. */
const idOf = (node: AnyStateNode) => node.path.join('_');

function drawChildren(parent: AnyStateNode, lines: string[], indent: string): void {
  const initial = parent.initial?.target[0];
  if (initial) lines.push(`${indent}[*] --> ${idOf(initial)}`);
  for (const node of Object.values(parent.states)) {
    lines.push(`${indent}state "${node.key}" as ${idOf(node)}`);
    if (Object.keys(node.states).length > 0) {
      lines.push(`${indent}state ${idOf(node)} {`);
      drawChildren(node, lines, `${indent}  `);
      lines.push(`${indent}}`);
    }
  }
  for (const node of Object.values(parent.states)) {
    for (const [event, transitions] of node.transitions) {
      for (const transition of transitions) {
        const target = transition.target?.[0] ?? node;
        lines.push(`${indent}${idOf(node)} --> ${idOf(target)} : ${labelOf(event, transition.guard !== undefined)}`);
      }
    }
    if (node.type === 'final') lines.push(`${indent}${idOf(node)} --> [*]`);
  }
}

function labelOf(event: string, guarded: boolean): string {
  const action = ACTIONS.find((a) => a.event === event);
  const name = action?.name ?? event;
  return guarded && action?.gate ? `${name} (${action.gate} rules)` : name;
}
