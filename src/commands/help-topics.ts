// The topics `help` is organised by: each registered command belongs to exactly one (a test holds that).

export type Topic = { name: string; title: string; summary: string; commands: string[] };

export const TOPICS: Topic[] = [
  {
    name: 'account',
    title: 'You and this bot',
    summary: 'who you are, what you may do, help',
    commands: ['help', 'whoami'],
  },
  {
    name: 'people',
    title: 'People',
    summary: 'the team, invitations, editing and removing members',
    commands: [
      'team',
      'who admins',
      'who approves',
      'invite',
      'accept',
      'resend',
      'cancel-invite',
      'edit',
      'remove',
      'remove-contact',
      'link-guest',
    ],
  },
  {
    name: 'roles',
    title: 'Roles',
    summary: 'Company Admin, Infra Admin and access to an infrastructure',
    commands: [
      'grant company-admin',
      'revoke company-admin',
      'grant infra-admin',
      'revoke infra-admin',
      'grant access',
      'revoke access',
      'undo',
    ],
  },
  {
    name: 'requests',
    title: 'Access requests',
    summary: 'asking for a role for a while, and approving or denying',
    commands: ['request', 'get-access', 'requests', 'decide', 'approve', 'deny', 'cancel-request'],
  },
  {
    name: 'reviews',
    title: 'Access reviews',
    summary: 'asking the admins, by a due date, to keep or remove who holds what',
    commands: ['review start', 'review status', 'review show', 'review decide', 'review keep-all'],
  },
  {
    name: 'cases',
    title: 'Support cases',
    summary: 'opening, listing, approving and copying people in',
    commands: ['case open', 'cases', 'case list', 'case approve', 'case cc'],
  },
  {
    name: 'slots',
    title: 'Environments and licenses',
    summary: 'environment slots of an infrastructure, and its license',
    commands: ['slots', 'slot register', 'slot release', 'license'],
  },
  {
    name: 'security',
    title: 'Security contacts',
    summary: 'who holds the Security role, and their phone numbers',
    commands: ['security-contact set', 'security-contact clear', 'security-contacts'],
  },
  {
    name: 'notices',
    title: 'Notices',
    summary: 'maintenance, disruption and security notices, and what was delivered',
    commands: ['notify', 'notifications'],
  },
  {
    name: 'audit',
    title: 'Audit trail',
    summary: 'who changed what, and checking the trail is whole',
    commands: ['audit', 'audit verify'],
  },
  {
    name: 'settings',
    title: 'Settings',
    summary: 'where approval requests are posted, and how access reviews end',
    commands: ['settings approvals-channel', 'settings review.revoke-undecided'],
  },
];

export const findTopic = (name: string): Topic | undefined => TOPICS.find((t) => t.name === name);
