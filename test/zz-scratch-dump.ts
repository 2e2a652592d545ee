import { memoryApp } from './fakes/app.ts';

const app = memoryApp();
const lines: Array<[string, string]> = [
  ['alexw@example.com', 'team'],
  ['alexw@example.com', 'team pending'],
  ['alexw@example.com', 'team --page 2'],
  ['alexw@example.com', 'who admins prod-eu'],
  ['alexw@example.com', 'whoami'],
  ['alexw@example.com', 'help'],
  ['alexw@example.com', 'invite'],
  ['meganb@example.com', 'invite'],
  ['alexw@example.com', 'invite x@example.com --member prod-eu'],
  ['alexw@example.com', 'slots prod-eu'],
  ['alexw@example.com', 'license dev-eu'],
  ['alexw@example.com', 'cases'],
  ['alexw@example.com', 'security-contacts'],
  ['alexw@example.com', 'audit'],
  ['meganb@example.com', 'grant company-admin alexw@example.com'],
  ['alexw@example.com', 'invite not-an-email'],
  ['alexw@example.com', 'frobnicate'],
  ['nobody@example.com', 'team'],
];
for (const [who, line] of lines) {
  const r = await app.say(who, line);
  console.log(`=== ${who}: ${line} (ok=${r.ok})`);
  console.log(JSON.stringify(r.outcome.reply.view));
}
