// The baseline: a bare Bolt 5 app on its own HTTPReceiver whose /portal handler acks, then responds.
// Kept free of type annotations so it also runs as plain JavaScript next to a compiled bot (see processes.ts).
import { App, LogLevel } from '@slack/bolt';

const port = Number(process.env.PORT);
const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  token: process.env.SLACK_BOT_TOKEN,
  // Given, so Bolt does not ask Slack's auth.test; the bot under test asks once, at its first request.
  botId: 'BBENCHBARE',
  botUserId: 'UBENCHBARE',
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      },
    },
  ],
});

app.command('/portal', async ({ command, ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: `You asked: ${command.text}` });
});

await app.start({ port, host: '127.0.0.1' });
