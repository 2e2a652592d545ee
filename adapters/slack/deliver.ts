// Sending the core's answers to Slack: ephemeral replies, DMs, modals and the Home tab; failures reported, never swallowed.
import type { App, RespondFn } from '@slack/bolt';
import type { FormField, FormSpec, View } from '../../src/views/view.ts';
import type { Log } from './receiver.ts';
import { renderBlocks } from './render/blocks.ts';
import { renderHome } from './render/home.ts';
import { renderModal } from './render/modal.ts';

type Client = App['client'];

/** Where an answer goes: the slash command's or button's response_url, a channel (ephemeral), or the user's DM. */
export type Target = {
  client: Client;
  user: string;
  respond?: RespondFn;
  channel?: string;
  threadTs?: string;
  /** A direct message conversation: answers are ordinary messages there. */
  dm?: boolean;
  /** Replace the message the button was on (pagers), rather than answering below it. */
  replace?: boolean;
};

export const formOf = (v: View): FormSpec | undefined => {
  for (const b of v.blocks) if (b.kind === 'form') return b.form;
  return undefined;
};

/** What a modal remembers between opening and submission: the command it submits and where to answer. */
export type FormMetadata = {
  c: string;
  a: Record<string, string>;
  /** The fields' names and kinds, so the submission's state can be read without the form. */
  f: Array<[string, FormField['kind']]>;
  ch?: string;
};

/** Enough of a field for reading its submitted value (labels and options do not matter there). */
export const fieldsOf = (meta: FormMetadata): FormField[] =>
  meta.f.map(
    ([name, kind]): FormField =>
      kind === 'text'
        ? { kind, name, label: name, required: false }
        : kind === 'checkbox'
          ? { kind, name, label: name, initial: false }
          : { kind, name, label: name, options: [], initial: '' },
  );

export async function openForm(
  client: Client,
  triggerId: string,
  form: FormSpec,
  channel?: string,
): Promise<void> {
  const meta: FormMetadata = {
    c: form.submit.name,
    a: form.submit.args,
    f: form.fields.map((f) => [f.name, f.kind]),
    ...(channel ? { ch: channel } : {}),
  };
  await client.views.open({ trigger_id: triggerId, view: renderModal(form, JSON.stringify(meta)) });
}

export async function send(t: Target, v: View, log: Log): Promise<void> {
  // Answers go to the caller alone (ephemeral or DM), where a mention would notify nobody: names and emails.
  const { blocks, text } = renderBlocks(v, { surface: 'message' });
  try {
    if (t.respond && !t.dm) {
      await t.respond({ response_type: 'ephemeral', replace_original: t.replace === true, blocks, text });
    } else if (t.dm || !t.channel) {
      await t.client.chat.postMessage({
        channel: t.dm && t.channel ? t.channel : t.user,
        blocks,
        text,
        unfurl_links: false,
        unfurl_media: false,
        ...(t.threadTs ? { thread_ts: t.threadTs } : {}),
      });
    } else {
      await t.client.chat.postEphemeral({
        channel: t.channel,
        user: t.user,
        blocks,
        text,
        ...(t.threadTs ? { thread_ts: t.threadTs } : {}),
      });
    }
  } catch (e) {
    await reportFailure(t, e, log);
  }
}

export async function publishHome(client: Client, user: string, v: View, log: Log): Promise<void> {
  try {
    await client.views.publish({ user_id: user, view: renderHome(v) });
  } catch (e) {
    log('slack-api-failed', { method: 'views.publish', error: slackError(e) });
  }
}

/** The Slack error code (e.g. `channel_not_found`, `ratelimited`), never a token or a body. */
export const slackError = (e: unknown): string => {
  const data = (e as { data?: { error?: unknown } })?.data;
  if (data && typeof data.error === 'string') return data.error;
  return String((e as Error)?.message ?? e).slice(0, 200);
};

/** A failed answer is logged and, where a second route exists, the user is told in plain words. */
export async function reportFailure(t: Target, e: unknown, log: Log): Promise<void> {
  const error = slackError(e);
  log('slack-api-failed', { error });
  const text = `Slack did not accept my answer (${error}). Nothing else went wrong; please try again.`;
  try {
    if (t.respond) await t.respond({ response_type: 'ephemeral', replace_original: false, text });
    else await t.client.chat.postMessage({ channel: t.user, text });
  } catch (again) {
    log('slack-api-failed', { error: slackError(again), while: 'reporting a failure' });
  }
}
