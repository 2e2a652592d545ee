// The commands the model knows, in its own words, and the line a person would type for each.
import type { RoleKind } from './state.ts';

export type MCommand =
  | { c: 'invite'; email: string; companyAdmin: boolean; infraAdmin?: string; member?: string }
  | { c: 'accept' }
  | { c: 'grant'; kind: RoleKind; email: string; infra?: string; forHours?: number }
  /** `confirm`: typed with --confirm; without it, a change that asks first may only ask. */
  | { c: 'revoke'; kind: RoleKind; email: string; infra?: string; confirm?: boolean }
  | { c: 'remove'; email: string; confirm?: boolean }
  | { c: 'cancel-invite'; email: string; confirm?: boolean }
  | { c: 'security-contact'; set: boolean; email: string; confirm?: boolean }
  | { c: 'request'; kind: RoleKind; infra?: string; forHours?: number }
  | { c: 'approve' | 'deny' | 'cancel-request'; id: string }
  | { c: 'case-open'; infra: string }
  | { c: 'case-approve'; id: string }
  /** Reads: what they show is checked, not only whether they answer. */
  | { c: 'view'; what: ViewKind; infra?: string }
  | { c: 'notify'; type: 'maintenance' | 'disruptive' | 'security'; infra?: string }
  /** Company settings and guest links: outside the model's state, so only who may is checked. */
  | { c: 'link-guest'; email: string }
  | { c: 'settings-off' }
  | { c: 'review-start'; infra?: string };

export type ViewKind =
  | 'cases'
  | 'security-contacts'
  | 'notifications'
  | 'slots'
  | 'license'
  | 'audit'
  | 'audit-verify';

/** The typed line; infrastructures and ids go in as given, so a bad one reaches the parser as it would. */
export function lineOf(cmd: MCommand): string {
  const line = typed(cmd);
  const sure = 'confirm' in cmd && cmd.confirm && !(cmd.c === 'security-contact' && cmd.set);
  return sure ? `${line} --confirm` : line;
}

function typed(cmd: MCommand): string {
  const forFlag = (h?: number) => (h ? ` --for ${h}h` : '');
  switch (cmd.c) {
    case 'invite':
      return [
        `invite ${cmd.email}`,
        cmd.companyAdmin ? ' --company-admin' : '',
        cmd.infraAdmin ? ` --infra-admin ${cmd.infraAdmin}` : '',
        cmd.member ? ` --member ${cmd.member}` : '',
      ].join('');
    case 'accept':
      return 'accept';
    case 'grant':
      return cmd.kind === 'company-admin'
        ? `grant company-admin ${cmd.email}`
        : `grant ${cmd.kind} ${cmd.email} ${cmd.infra}${forFlag(cmd.forHours)}`;
    case 'revoke':
      return cmd.kind === 'company-admin'
        ? `revoke company-admin ${cmd.email}`
        : `revoke ${cmd.kind} ${cmd.email} ${cmd.infra}`;
    case 'remove':
      return `remove ${cmd.email}`;
    case 'cancel-invite':
      return `cancel-invite ${cmd.email}`;
    case 'security-contact':
      return cmd.set
        ? `security-contact set ${cmd.email} +44 20 7946 0958`
        : `security-contact clear ${cmd.email}`;
    case 'request':
      return cmd.kind === 'company-admin'
        ? `request company-admin --reason "on call"${forFlag(cmd.forHours)}`
        : `request ${cmd.kind} ${cmd.infra} --reason "on call"${forFlag(cmd.forHours)}`;
    case 'approve':
    case 'deny':
    case 'cancel-request':
      return `${cmd.c} ${cmd.id}`;
    case 'case-open':
      return `case open ${cmd.infra} "Builds fail"`;
    case 'case-approve':
      return `case approve ${cmd.id}`;
    case 'view':
      return cmd.what === 'audit'
        ? `audit${cmd.infra ? ` --infra ${cmd.infra}` : ''}`
        : cmd.what === 'audit-verify'
          ? 'audit verify'
          : `${cmd.what}${cmd.infra ? ` ${cmd.infra}` : ''}`;
    case 'link-guest':
      return `link-guest ${cmd.email} slack U0LINKED1`;
    case 'review-start':
      return `review start${cmd.infra ? ` ${cmd.infra}` : ''}`;
    case 'settings-off':
      return 'settings approvals-channel off --platform slack';
    case 'notify':
      return cmd.type === 'security'
        ? 'notify security "Rotate your keys"'
        : `notify ${cmd.type} ${cmd.infra} "Window"`;
  }
}
