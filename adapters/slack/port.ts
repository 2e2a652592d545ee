// Slack's side of the chat port: DMs (conversations.open + chat.postMessage), channel posts, updates and thread replies.
import type { App } from '@slack/bolt';
import type { ChannelTarget, ChatPort, Delivery, DirectTarget, MessageRef } from '../../src/app/chat-port.ts';
import type { ExportFile, View } from '../../src/views/view.ts';
import { renderBlocks } from './render/blocks.ts';

type Client = App['client'];

/** Errors that another try will not fix: the person or channel is not there for us. */
const PERMANENT = new Set([
  'users_not_found',
  'user_not_found',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'user_disabled',
  'message_not_found',
  'cant_update_message',
  'invalid_auth',
  'not_authed',
  'missing_scope',
]);

/** The channel is there for others but not for the bot: it must be invited, or the channel is gone. */
const NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/** Maps what @slack/web-api throws to a delivery outcome; 429 and 5xx are worth retrying. */
export function toDelivery(e: unknown): Delivery {
  const err = e as {
    code?: string;
    data?: { error?: string };
    retryAfter?: number;
    statusCode?: number;
    message?: string;
  };
  if (err.code === 'slack_webapi_rate_limited_error')
    return { ok: false, retryable: true, error: 'ratelimited', retryAfterMs: (err.retryAfter ?? 30) * 1000 };
  if (err.code === 'slack_webapi_platform_error') {
    const code = err.data?.error ?? 'unknown_error';
    if (code === 'ratelimited') return { ok: false, retryable: true, error: code, retryAfterMs: 30_000 };
    return {
      ok: false,
      retryable: !PERMANENT.has(code),
      error: code,
      ...(NOT_IN_CHANNEL.has(code) ? { notInChannel: true as const } : {}),
    };
  }
  return { ok: false, retryable: true, error: String(err.message ?? e).slice(0, 200) };
}

/** Direct-message channel ids start with D; there a mention would notify nobody new. */
const isShared = (channel: string) => !channel.startsWith('D');

/**
 * `workspace`: the team the bot token belongs to. In channels (request cards, their thread replies)
 * members linked there are mentioned, so they are notified; in DMs, and when it is unknown, nobody is.
 */
export function slackPort(client: Client, workspace: () => string | undefined = () => undefined): ChatPort {
  const render = (v: View, channel: string) => {
    const teamId = isShared(channel) ? workspace() : undefined;
    return renderBlocks(v, { surface: 'message', ...(teamId ? { teamId } : {}) });
  };
  const post = async (channel: string, v: View, threadTs?: string): Promise<Delivery> => {
    const { blocks, text } = render(v, channel);
    try {
      const res = await client.chat.postMessage({
        channel,
        blocks,
        text,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return { ok: true, ref: { platform: 'slack', channel: res.channel ?? channel, ts: res.ts ?? '' } };
    } catch (e) {
      return toDelivery(e);
    }
  };

  async function userIdOf(to: DirectTarget): Promise<string | null> {
    if (to.slack) return to.slack.userId;
    if (!to.slackTeamIds.length) return null;
    try {
      const res = await client.users.lookupByEmail({ email: to.email });
      return res.user?.id ?? null;
    } catch (e) {
      const d = toDelivery(e);
      if (!d.ok && !d.retryable) return null;
      throw e;
    }
  }

  return {
    platform: 'slack',
    async sendDirect(to, v) {
      let user: string | null;
      try {
        user = await userIdOf(to);
      } catch (e) {
        return toDelivery(e);
      }
      if (!user) return { ok: false, retryable: false, error: 'unreachable' };
      try {
        const opened = await client.conversations.open({ users: user });
        const channel = opened.channel?.id;
        if (!channel) return { ok: false, retryable: true, error: 'conversations.open gave no channel' };
        return await post(channel, v);
      } catch (e) {
        return toDelivery(e);
      }
    },
    sendChannel(to: ChannelTarget, v) {
      if (to.platform !== 'slack')
        return Promise.resolve({ ok: false, retryable: false, error: 'not a Slack channel' });
      return post(to.channel, v);
    },
    async update(ref: MessageRef, v) {
      if (ref.platform !== 'slack') return { ok: false, retryable: false, error: 'not a Slack message' };
      const { blocks, text } = render(v, ref.channel);
      try {
        await client.chat.update({ channel: ref.channel, ts: ref.ts, blocks, text });
        return { ok: true, ref };
      } catch (e) {
        return toDelivery(e);
      }
    },
    reply(ref: MessageRef, v) {
      if (ref.platform !== 'slack')
        return Promise.resolve({ ok: false, retryable: false, error: 'not a Slack message' });
      return post(ref.channel, v, ref.ts);
    },
  };
}

/** Where an uploaded file went: the caller's direct messages with the bot, or why not. */
export type Upload = { ok: true; channel: string } | { ok: false; error: string };

/**
 * Uploads an export to the person's direct messages with the bot (files.uploadV2: upload URL, upload, complete),
 * never to the channel the command was typed in: the file is the caller's, as the answer is.
 */
export async function uploadFile(client: Client, user: string, file: ExportFile): Promise<Upload> {
  try {
    const opened = await client.conversations.open({ users: user });
    const channel = opened.channel?.id;
    if (!channel) return { ok: false, error: 'conversations.open gave no channel' };
    await client.files.uploadV2({
      channel_id: channel,
      file: Buffer.from(file.content, 'utf8'),
      filename: file.name,
      title: file.name,
    });
    return { ok: true, channel };
  } catch (e) {
    const d = toDelivery(e);
    return { ok: false, error: d.ok ? 'unknown' : d.error };
  }
}
