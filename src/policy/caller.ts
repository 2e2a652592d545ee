// Who is asking: the resolved caller every command is authorized against.
import type { Chat } from '../domain/schemas.ts';

export type Caller =
  | { kind: 'member'; chat: Chat; companyId: string; email: string }
  | { kind: 'pending'; chat: Chat; companyId: string; email: string }
  | { kind: 'contact'; chat: Chat; companyId: string; email: string }
  /** companyId is known when the workspace or tenant maps to a company but the person does not. */
  | { kind: 'unknown'; chat: Chat; companyId?: string; reason: string };
