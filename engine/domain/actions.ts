/**
 * The lifecycle's actions as words: what an analyst can ask for, the machine event each one is, and the gate
 * (the group of rules) that decides whether the policy allows it. Vocabulary only: the machine
 * (`lifecycle/deal-machine.ts`) decides which actions exist in which state.
 */

/** The gates the rules decide: `validation` for every row, and one per action that has a policy. */
export const GATES = [
  'validation',
  'accept',
  'decline',
  'expire',
  'stage',
  'win',
  'lose',
  'inviteMicrosoft',
  'invitePartner',
  'register',
] as const;
export type Gate = (typeof GATES)[number];
export type ActionGate = Exclude<Gate, 'validation'>;

/** An action an analyst can request in the `Action` column (or with a button in the task pane). */
export interface ActionSpec {
  /** As written in the Action cell (matched case-insensitively). */
  readonly name: string;
  /** The lifecycle machine's event. */
  readonly event: DealEventType;
  /** The rules that decide whether the policy allows it; null when the machine alone decides. */
  readonly gate: ActionGate | null;
}

export type DealEventType =
  | 'ACCEPT'
  | 'DECLINE'
  | 'EXPIRE'
  | 'STAGE'
  | 'WIN'
  | 'LOSE'
  | 'INVITE_MICROSOFT'
  | 'INVITE_PARTNER'
  | 'REGISTER'
  | 'REGISTRATION_APPROVED'
  | 'REGISTRATION_REJECTED';

export const ACTIONS: readonly ActionSpec[] = [
  { name: 'Accept', event: 'ACCEPT', gate: 'accept' },
  { name: 'Decline', event: 'DECLINE', gate: 'decline' },
  { name: 'Expire', event: 'EXPIRE', gate: 'expire' },
  { name: 'Stage', event: 'STAGE', gate: 'stage' },
  { name: 'Win', event: 'WIN', gate: 'win' },
  { name: 'Lose', event: 'LOSE', gate: 'lose' },
  { name: 'Invite Microsoft', event: 'INVITE_MICROSOFT', gate: 'inviteMicrosoft' },
  { name: 'Invite partner', event: 'INVITE_PARTNER', gate: 'invitePartner' },
  { name: 'Register', event: 'REGISTER', gate: 'register' },
  { name: 'Registration approved', event: 'REGISTRATION_APPROVED', gate: null },
  { name: 'Registration rejected', event: 'REGISTRATION_REJECTED', gate: null },
];
