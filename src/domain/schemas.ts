// The nouns of the Customer Portal team page, as zod schemas; every persisted shape is parsed by these.
import { z } from 'zod';
import type { View } from '../views/view.ts';
import { userText } from './user-text.ts';

/** The longest email address RFC 5321 allows; every field derived from an email is sized from it. */
export const EMAIL_MAX = 254;
/** `source` of a time-bound grant: at most "granted by " and an email. */
export const GRANT_SOURCE_MAX = 'granted by '.length + EMAIL_MAX;
/** `was` of a request: what the requester held, summarised to fit (see `describeRoles`). */
export const WAS_MAX = 300;

export const EmailSchema = z
  .string()
  .trim()
  .max(EMAIL_MAX, `an email address is at most ${EMAIL_MAX} characters`)
  .email('expected an email address such as ana@example.com')
  .transform((s) => s.toLowerCase());
export type Email = z.infer<typeof EmailSchema>;

/** Short slugs such as `prod-eu`; also used for environment names. */
export const SlugSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,39}$/,
    'expected a short id of lowercase letters, digits and dashes, such as prod-eu',
  );

/** Names, titles, reasons: one sanitiser (user-text.ts) strips invisible characters before any check. */
export const NameSchema = userText('a name', 100);

export const TextSchema = (what: string, max: number) => userText(what, max);

export const IsoDateTime = z.string().datetime({ offset: true });
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const HostingSchema = z.enum(['cloud', 'hybrid', 'self-managed']);
export type Hosting = z.infer<typeof HostingSchema>;

export const SlotSchema = z.object({
  env: SlugSchema,
  registeredAt: IsoDateTime,
  registeredBy: EmailSchema,
});
export type Slot = z.infer<typeof SlotSchema>;

export const InfrastructureSchema = z.object({
  id: SlugSchema,
  name: NameSchema,
  hosting: HostingSchema,
  slotLimit: z.number().int().min(0).max(1000),
  slots: z.array(SlotSchema),
  licenseExpiresOn: IsoDate,
});
export type Infrastructure = z.infer<typeof InfrastructureSchema>;

export const EditionSchema = z.enum(['Standard', 'Enterprise', 'Sentry']);
export type Edition = z.infer<typeof EditionSchema>;

export const SubscriptionSchema = z.object({
  id: SlugSchema,
  edition: EditionSchema,
  infrastructures: z.array(InfrastructureSchema),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

export const InfraRoleSchema = z.enum(['admin', 'member']);
export type InfraRole = z.infer<typeof InfraRoleSchema>;

/** A platform's immutable user id; the identity once bound. */
export const ChatIdentitySchema = z.discriminatedUnion('platform', [
  z.object({
    platform: z.literal('slack'),
    teamId: z.string().min(1),
    userId: z.string().min(1),
    /** Set when a Company Admin linked a guest account by hand; only such links let a guest act. */
    linkedBy: z.string().optional(),
  }),
  z.object({
    platform: z.literal('teams'),
    tenantId: z.string().min(1),
    aadObjectId: z.string().min(1),
    linkedBy: z.string().optional(),
  }),
]);
export type ChatIdentity = z.infer<typeof ChatIdentitySchema>;

export const InvitationSchema = z.object({
  invitedBy: EmailSchema,
  invitedAt: IsoDateTime,
  expiresAt: IsoDateTime,
  /** The LifeTime developer-account invitation: its username is always the member's email. */
  lifetime: z.object({ username: EmailSchema, infrastructures: z.array(SlugSchema) }).optional(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

export const MemberSchema = z.object({
  email: EmailSchema,
  name: NameSchema,
  status: z.enum(['active', 'pending']),
  companyAdmin: z.boolean(),
  roles: z.record(SlugSchema, InfraRoleSchema),
  /** Present when the member holds the Security role; the phone is E.164. */
  security: z.object({ phone: z.string().regex(/^\+[1-9]\d{6,14}$/) }).optional(),
  identities: z.array(ChatIdentitySchema),
  invitation: InvitationSchema.optional(),
  joinedAt: IsoDateTime.optional(),
});
export type Member = z.infer<typeof MemberSchema>;

export const SupportContactSchema = z.object({
  email: EmailSchema,
  name: NameSchema.optional(),
  caseIds: z.array(z.string()),
});
export type SupportContact = z.infer<typeof SupportContactSchema>;

export const CaseIdSchema = z.string().regex(/^CS-\d{1,9}$/, 'expected a case id such as CS-1001');

export const SupportCaseSchema = z.object({
  id: CaseIdSchema,
  infra: SlugSchema,
  title: TextSchema('a case title', 200),
  openedBy: EmailSchema,
  openedAt: IsoDateTime,
  status: z.enum(['open', 'awaiting-approval']),
  approvedBy: EmailSchema.optional(),
  cc: z.array(EmailSchema),
});
export type SupportCase = z.infer<typeof SupportCaseSchema>;

/** Where a change came from; 'email' is an invitation accepted by its emailed link. */
export const ChatSchema = z.enum(['console', 'slack', 'teams', 'import', 'system', 'email']);
export type Chat = z.infer<typeof ChatSchema>;

/** A message the bot sent, so it can be updated in place later. */
export const MessageRefSchema = z.discriminatedUnion('platform', [
  z.object({ platform: z.literal('slack'), channel: z.string().min(1), ts: z.string().min(1) }),
  z.object({
    platform: z.literal('teams'),
    conversation: z.lazy(() => ConversationRefSchema),
    activityId: z.string().min(1),
  }),
]);

export const RequestKindSchema = z.enum(['company-admin', 'infra-admin', 'access']);
export type RequestKind = z.infer<typeof RequestKindSchema>;

const Decider = z.object({ by: EmailSchema, at: IsoDateTime, chat: ChatSchema });

/** An access request: pending until enough eligible approvers approve, one denies, it expires or is cancelled. */
export const AccessRequestSchema = z.object({
  id: z.string().regex(/^AR-\d{1,9}$/),
  requester: EmailSchema,
  kind: RequestKindSchema,
  infra: SlugSchema.optional(),
  reason: TextSchema('a reason', 500),
  /** For time-bound access: how long the grant lasts once approved. */
  forMs: z.number().int().positive().optional(),
  /** What the requester held when asking, so the card still reads "before -> after" once granted. */
  was: z.string().max(WAS_MAX),
  status: z.enum(['pending', 'approved', 'denied', 'expired', 'cancelled']),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  approvals: z.array(Decider),
  required: z.number().int().min(1).max(5),
  decision: Decider.extend({ reason: z.string().max(500).optional() }).optional(),
  /** Every copy of the request card that was posted, so each is updated when it is decided. */
  messages: z.array(MessageRefSchema),
  reminders: z.number().int().min(0),
  nextReminderAt: IsoDateTime.optional(),
});
export type AccessRequest = z.infer<typeof AccessRequestSchema>;

/** A role granted for a while: at `until` it is taken back, restoring what the member had before. */
export const TimedGrantSchema = z.object({
  email: EmailSchema,
  kind: RequestKindSchema,
  infra: SlugSchema.optional(),
  until: IsoDateTime,
  /** The role on the infrastructure before the grant (none, or Member under a temporary Infra Admin). */
  previous: InfraRoleSchema.optional(),
  warned: z.boolean(),
  /** Who or what granted it: "request AR-1001", "granted by EMAIL", "edit"; sized for the longest email. */
  source: z.string().max(GRANT_SOURCE_MAX),
  /** How long it was granted for, so "Extend" can ask for as long again. */
  forMs: z.number().int().positive().optional(),
});
export type TimedGrant = z.infer<typeof TimedGrantSchema>;

export const ReviewIdSchema = z.string().regex(/^RV-\d{1,9}$/, 'expected a review id such as RV-1001');

/** One role a person holds, as an access review asks about it. */
export const ReviewedRoleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('company-admin') }),
  z.object({ kind: z.literal('security') }),
  z.object({ kind: z.literal('infra'), infra: SlugSchema, role: InfraRoleSchema }),
]);
export type ReviewedRole = z.infer<typeof ReviewedRoleSchema>;

/** One person x one role held, and what the reviewers decided about it. */
export const ReviewItemSchema = z.object({
  /** The review it belongs to: items are entities of their own, so a decision writes one item, not the review. */
  review: ReviewIdSchema,
  /** 1-based within the review: what a button carries, never the decision itself. */
  n: z.number().int().positive(),
  email: EmailSchema,
  role: ReviewedRoleSchema,
  /** Who was asked, fixed when the review started; each press also checks they still may. */
  reviewers: z.array(EmailSchema),
  /** The usual reviewers were only the holder: it went to the Company Admins instead (or to nobody). */
  escalated: z.boolean(),
  decision: z.enum(['undecided', 'keep', 'remove']),
  /** Absent for what the due date decided. */
  decidedBy: EmailSchema.optional(),
  decidedAt: IsoDateTime.optional(),
  /** What happened beyond the decision, e.g. the role was already gone, or kept at the due date. */
  note: z.string().max(300).optional(),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;

/** A review card that was delivered, so each decision updates it in place. */
export const ReviewCardSchema = z.object({
  reviewer: EmailSchema,
  page: z.number().int().positive(),
  ref: MessageRefSchema,
});

/** A periodic access review: who holds what on one infrastructure or the whole company, kept or removed. */
export const AccessReviewSchema = z.object({
  id: ReviewIdSchema,
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('company') }),
    z.object({ kind: z.literal('infra'), infra: SlugSchema }),
  ]),
  startedBy: EmailSchema,
  startedAt: IsoDateTime,
  dueAt: IsoDateTime,
  status: z.enum(['open', 'closed']),
  closedAt: IsoDateTime.optional(),
  cards: z.array(ReviewCardSchema),
  /** Moves with every decision, so each card update is queued once per change. */
  version: z.number().int().min(0),
  reminders: z.number().int().min(0),
  nextReminderAt: IsoDateTime.optional(),
});
export type AccessReview = z.infer<typeof AccessReviewSchema>;

const ChannelsSchema = z.object({ slack: z.string().min(1).optional(), teams: z.string().min(1).optional() });

export const SettingsSchema = z.object({
  approvalsChannel: ChannelsSchema.default({}),
  infraApprovalsChannels: z.record(SlugSchema, ChannelsSchema).default({}),
  requestTtlHours: z.number().int().min(1).max(336).default(24),
  companyAdminApprovals: z.number().int().min(1).max(5).default(2),
  /** Reminder backoff: minutes after the request, then after each reminder. */
  reminderMinutes: z.array(z.number().int().positive()).max(10).default([60, 240, 720]),
  /**
   * Who set each approvals channel (`platform:channel`), and the seq of that change's audit event: told
   * when the channel turns out to be unreachable. Kept here because the audit trail is not in the state.
   */
  channelSetters: z
    .record(z.string(), z.object({ by: EmailSchema, seq: z.number().int().positive() }))
    .default({}),
  /** `review.revoke-undecided`: at an access review's due date, undecided roles are revoked, not kept. */
  reviewRevokeUndecided: z.boolean().default(false),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** The end of a company's audit hash chain: the events themselves live in the store's audit log. */
export const AuditHeadSchema = z.object({
  /** The last event's seq (0 before the first). */
  seq: z.number().int().min(0),
  /** The last event's hash ('' before the first): the next event's prevHash. */
  hash: z.string().regex(/^([0-9a-f]{64})?$/, 'expected a sha-256 hash in hex, or nothing'),
  /** How many events the chain holds, so a log that lost its last events is noticed. */
  count: z.number().int().min(0),
});
export type AuditHead = z.infer<typeof AuditHeadSchema>;
export const emptyAuditHead = (): AuditHead => ({ seq: 0, hash: '', count: 0 });

/** A person's last change as `undo` needs it: the command, and its (last) audit event's what and before/after. */
export const LastChangeSchema = z.object({
  seq: z.number().int().positive(),
  at: IsoDateTime,
  command: z.string().min(1).max(60),
  action: z.string().min(1).max(100),
  target: z.string().max(300),
  infra: SlugSchema.optional(),
  /** How many audit events the change wrote: undo reverses only single-event changes. */
  events: z.number().int().positive(),
  before: z.unknown(),
  after: z.unknown(),
});
export type LastChange = z.infer<typeof LastChangeSchema>;

export const CompanySchema = z.object({
  id: SlugSchema,
  name: NameSchema,
  slackTeamIds: z.array(z.string().min(1)),
  teamsTenantIds: z.array(z.string().min(1)),
  subscriptions: z.array(SubscriptionSchema),
  members: z.array(MemberSchema),
  contacts: z.array(SupportContactSchema),
  cases: z.array(SupportCaseSchema),
  nextCaseNumber: z.number().int().positive(),
  // The approval workflow's records: absent in company files, so they default to empty.
  requests: z.array(AccessRequestSchema).default([]),
  nextRequestNumber: z.number().int().positive().default(1001),
  grants: z.array(TimedGrantSchema).default([]),
  reviews: z.array(AccessReviewSchema).default([]),
  /** The items of every review (person x role), in `reviews`' order: see ReviewItemSchema. */
  reviewItems: z.array(ReviewItemSchema).default([]),
  nextReviewNumber: z.number().int().positive().default(1001),
  settings: SettingsSchema.default({
    approvalsChannel: {},
    infraApprovalsChannels: {},
    requestTtlHours: 24,
    companyAdminApprovals: 2,
    reminderMinutes: [60, 240, 720],
    channelSetters: {},
    reviewRevokeUndecided: false,
  }),
  /** Threshold notices already queued (license expiry), so each goes out once. */
  noticesSent: z.record(z.string(), IsoDateTime).default({}),
  /** Each person's last change, for `undo` (src/domain/last-change.ts); entries older than the undo window go. */
  lastChanges: z.record(z.string().max(320), LastChangeSchema).default({}),
  auditHead: AuditHeadSchema.default(emptyAuditHead),
});
export type Company = z.infer<typeof CompanySchema>;

export const AuditEventSchema = z.object({
  seq: z.number().int().positive(),
  companyId: SlugSchema,
  at: IsoDateTime,
  actor: z.string(),
  chat: ChatSchema,
  action: z.string(),
  target: z.string(),
  /** The infrastructure the event concerns, so Infra Admins can read their part of the trail. */
  infra: SlugSchema.optional(),
  before: z.unknown(),
  after: z.unknown(),
  /** Hash of the company's previous event ('' for the first), so any edit breaks the chain. */
  prevHash: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** Where a bot can write proactively in Teams: our own JSON, never an SDK object. */
export const ConversationRefSchema = z.object({
  platform: z.literal('teams'),
  serviceUrl: z.string().url(),
  tenantId: z.string().min(1),
  conversationId: z.string().min(1),
  botId: z.string().min(1),
  scope: z.enum(['personal', 'groupChat', 'channel']),
});
export type ConversationRef = z.infer<typeof ConversationRefSchema>;

/** A conversation the bot can reach later: a member's personal chat, or a channel or group chat. */
export const StoredConversationSchema = z.object({
  companyId: SlugSchema,
  /** Set for a member's personal chat. */
  memberEmail: EmailSchema.optional(),
  ref: ConversationRefSchema,
  updatedAt: IsoDateTime,
});
export type StoredConversation = z.infer<typeof StoredConversationSchema>;

export const ChannelTargetSchema = z.discriminatedUnion('platform', [
  z.object({ platform: z.literal('slack'), channel: z.string().min(1) }),
  z.object({ platform: z.literal('teams'), conversation: ConversationRefSchema }),
]);

/** What a queued message shows: a fixed view, or a request or review card rendered fresh when it is sent. */
const OutboxContentSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('view'),
    view: z.custom<View>(
      (v) => typeof v === 'object' && v !== null && Array.isArray((v as { blocks?: unknown }).blocks),
    ),
  }),
  z.object({ kind: z.literal('request'), requestId: z.string() }),
  z.object({
    kind: z.literal('review'),
    reviewId: z.string(),
    reviewer: EmailSchema,
    page: z.number().int().positive(),
  }),
  /** An invitation email, written when it is sent: its link is signed then, and never stored. */
  z.object({ kind: z.literal('invitation'), email: EmailSchema, invitedAt: IsoDateTime }),
]);

/** One message to one recipient, delivered once, retried with backoff across restarts. */
export const OutboxItemSchema = z.object({
  id: z.string().min(1),
  companyId: SlugSchema,
  /** Unique per notice and recipient: the same notice is never queued twice. */
  key: z.string().min(1).max(300),
  to: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('member'), email: EmailSchema }),
    z.object({ kind: z.literal('channel'), target: ChannelTargetSchema }),
    z.object({ kind: z.literal('message'), ref: MessageRefSchema }),
    /** An email address, reached only by email (an invitation; chats get their own item). */
    z.object({ kind: z.literal('email'), email: EmailSchema }),
  ]),
  /** 'update' changes `to.ref` in place; 'reply' answers in its thread. */
  op: z.enum(['send', 'update', 'reply']),
  content: OutboxContentSchema,
  reason: z.string().max(300),
  status: z.enum(['pending', 'sending', 'delivered', 'failed']),
  attempts: z.number().int().min(0),
  nextAttemptAt: IsoDateTime,
  createdAt: IsoDateTime,
  /** How long it waits for a recipient no chat reaches yet (an invitation: until it expires); 3 days when absent. */
  giveUpAt: IsoDateTime.optional(),
  lastError: z.string().max(300).optional(),
  deliveredAt: IsoDateTime.optional(),
  deliveredVia: z.enum(['slack', 'teams', 'email']).optional(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

/** 2: the audit trail left the document for the store's audit log; companies hold its head. */
export const SCHEMA_VERSION = 2;

/** Platform event keys already handled, in buckets by hash (see seen.ts), with when they may be forgotten. */
export const SeenSchema = z.record(
  z.string().regex(/^[0-9a-f]{2}$/, 'expected a bucket of two hex digits'),
  z.record(z.string(), IsoDateTime),
);

const StoreFields = {
  companies: z.array(CompanySchema),
  seen: SeenSchema,
  /** Added after the first release of schema 1: a file without it loads with none. */
  conversations: z.array(StoredConversationSchema).default([]),
  outbox: z.array(OutboxItemSchema).default([]),
};

export const StoreDataSchema = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), ...StoreFields });
export type StoreData = z.infer<typeof StoreDataSchema>;

/** Schema 1, read only to convert it: the whole audit trail sat in the document, and keys were not in buckets. */
export const StoreDataV1Schema = z.object({
  schemaVersion: z.literal(1),
  ...StoreFields,
  seen: z.record(z.string(), IsoDateTime),
  audit: z.array(AuditEventSchema),
});
export type StoreDataV1 = z.infer<typeof StoreDataV1Schema>;

export const emptyStoreData = (): StoreData => ({
  schemaVersion: SCHEMA_VERSION,
  companies: [],
  seen: {},
  conversations: [],
  outbox: [],
});
