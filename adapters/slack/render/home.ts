// The App Home tab: any View, within the 100 blocks a Home tab allows.
import type { HomeView, KnownBlock } from '@slack/types';
import type { View } from '../../../src/views/view.ts';
import { OPEN_FORM, renderBlocks } from './blocks.ts';

/** The `views.publish` payload; a form shows as a summary and an "Open form" button, as in a message. */
export const renderHome = (view: View): HomeView & { blocks: KnownBlock[] } => ({
  type: 'home',
  blocks: renderBlocks(view, { surface: 'home' }).blocks,
});

/** The Home tab: who you are, then shortcuts (each pressed shortcut is authorized again like any button). */
export function homeView(whoami: View, known: boolean): View {
  if (!known) return whoami;
  return {
    ...whoami,
    title: 'Customer Portal team',
    blocks: [
      ...whoami.blocks,
      {
        kind: 'actions',
        actions: [
          { label: 'Team', command: { name: 'team', args: {} } },
          { label: 'Pending invitations', command: { name: 'team', args: { status: 'pending' } } },
          { label: 'Support cases', command: { name: 'cases', args: {} } },
          { label: 'Security contacts', command: { name: 'security-contacts', args: {} } },
          {
            label: 'Add team member',
            command: { name: OPEN_FORM, args: { command: 'invite' } },
            style: 'primary',
          },
          { label: 'Help', command: { name: 'help', args: {} } },
        ],
      },
    ],
  };
}
