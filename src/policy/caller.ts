// Who is asking: the resolved caller every command is authorized against.
import type { Chat } from '../domain/schemas.ts';

export type Caller =
  | { kind: 'member'; chat: Chat; companyId: string; email: string }
  | { kind: 'pending'; chat: Chat; companyId: string; email: string }
  | { kind: 'contact'; chat: Chat; companyId: string; email: string }
  /** companyId is known when the workspace or tenant maps to a company but the person does not. */
  | { kind: 'unknown'; chat: Chat; companyId?: string; reason: string };

/** A member as the system asks on their behalf (what a message may offer them), not as a chat request. */
export const memberCaller = (companyId: string, email: string): Caller => ({
  kind: 'member',
  chat: 'system',
  companyId,
  email,
});
