// license INFRA: the license of an infrastructure, its expiry and how to download it.

import { z } from 'zod';
import { daysUntil } from '../domain/durations.ts';
import { count } from '../views/plural.ts';
import { code, plain, strong, text, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { infraArg, requireInfra } from './lookups.ts';

const schema = z.object({ infra: infraArg });

export function licenseStatus(expiresOn: string, now: Date): string {
  const days = daysUntil(expiresOn, now);
  if (days < 0) return `expired ${count(-days, 'day')} ago`;
  if (days === 0) return 'expires today';
  return `expires in ${count(days, 'day')}`;
}

export default defineCommand<z.infer<typeof schema>>({
  name: 'license',
  summary: 'Show the license of an infrastructure and where to download it',
  usage: 'license INFRA',
  examples: ['license prod-eu'],
  positionals: ['infra'],
  flags: {},
  schema,
  capability: 'manage-slots',
  changes: false,
  authorize: needs('manage-slots', (a) => a.infra),
  run(ctx, args) {
    const found = requireInfra(ctx, args.infra);
    if (!found.ok) return found;
    const { infra, subscription } = found.value;
    return {
      ok: true,
      view: view(
        [
          {
            kind: 'fields',
            fields: [
              ['Infrastructure', text(strong(infra.id), ` (${infra.name})`)],
              ['Subscription', text(`${subscription.id}, ${subscription.edition} edition`)],
              ['Hosting', text(infra.hosting)],
              ['Expires on', text(infra.licenseExpiresOn)],
              ['Status', text(licenseStatus(infra.licenseExpiresOn, ctx.now))],
              ['Environments', text(`${infra.slots.length} of ${infra.slotLimit} slots`)],
              [
                'License file',
                text(
                  code(`${infra.id}-${infra.licenseExpiresOn}.lic`),
                  plain(' in the Customer Portal, Licensing'),
                ),
              ],
            ],
          },
        ],
        { title: `License of ${infra.id}` },
      ),
    };
  },
});
