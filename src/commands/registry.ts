// The registry: every command module, in the order help lists them.
import { closest } from '../domain/company.ts';
import accept from './accept.ts';
import approve from './approve.ts';
import audit from './audit.ts';
import auditVerify from './audit-verify.ts';
import cancelInvite from './cancel-invite.ts';
import cancelRequest from './cancel-request.ts';
import caseApprove from './case-approve.ts';
import caseCc from './case-cc.ts';
import caseList from './case-list.ts';
import caseOpen from './case-open.ts';
import cases from './cases.ts';
import type { Command } from './command.ts';
import decideRequest from './decide-request.ts';
import deny from './deny.ts';
import edit from './edit.ts';
import getAccess from './get-access.ts';
import grantAccess from './grant-access.ts';
import grantCompanyAdmin from './grant-company-admin.ts';
import grantInfraAdmin from './grant-infra-admin.ts';
import help from './help.ts';
import invite from './invite.ts';
import license from './license.ts';
import linkGuest from './link-guest.ts';
import notifications from './notifications.ts';
import notify from './notify.ts';
import remove from './remove.ts';
import removeContact from './remove-contact.ts';
import request from './request.ts';
import requests from './requests.ts';
import resend from './resend.ts';
import reviewDecide from './reviews/review-decide.ts';
import reviewKeepAll from './reviews/review-keep-all.ts';
import reviewShow from './reviews/review-show.ts';
import reviewStart from './reviews/review-start.ts';
import reviewStatus from './reviews/review-status.ts';
import settingsReview from './reviews/settings-review.ts';
import revokeAccess from './revoke-access.ts';
import revokeCompanyAdmin from './revoke-company-admin.ts';
import revokeInfraAdmin from './revoke-infra-admin.ts';
import securityContactClear from './security-contact-clear.ts';
import securityContactSet from './security-contact-set.ts';
import securityContacts from './security-contacts.ts';
import settingsApprovalsChannel from './settings-approvals-channel.ts';
import slotRegister from './slot-register.ts';
import slotRelease from './slot-release.ts';
import slots from './slots.ts';
import team from './team.ts';
import undo from './undo.ts';
import whoAdmins from './who-admins.ts';
import whoApproves from './who-approves.ts';
import whoami from './whoami.ts';

// A function, not a constant: help.ts imports this module, and the list must be read after both load.
export const commands = (): Command[] => [
  help,
  whoami,
  team,
  whoAdmins,
  whoApproves,
  invite,
  accept,
  resend,
  cancelInvite,
  edit,
  grantCompanyAdmin,
  revokeCompanyAdmin,
  grantInfraAdmin,
  revokeInfraAdmin,
  grantAccess,
  revokeAccess,
  undo,
  remove,
  removeContact,
  linkGuest,
  securityContactSet,
  securityContactClear,
  securityContacts,
  caseOpen,
  cases,
  caseList,
  caseApprove,
  caseCc,
  slots,
  slotRegister,
  slotRelease,
  license,
  audit,
  auditVerify,
  request,
  getAccess,
  requests,
  decideRequest,
  approve,
  deny,
  cancelRequest,
  reviewStart,
  reviewStatus,
  reviewShow,
  reviewDecide,
  reviewKeepAll,
  settingsApprovalsChannel,
  settingsReview,
  notify,
  notifications,
];

export const findCommand = (name: string) => commands().find((c) => c.name === name);

export function closestCommand(words: string): Command | undefined {
  const all = commands();
  const name = closest(
    words,
    all.map((c) => c.name),
    Math.max(2, Math.floor(words.length / 3)),
  );
  return name ? all.find((c) => c.name === name) : undefined;
}
