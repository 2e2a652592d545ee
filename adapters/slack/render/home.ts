// The App Home tab: any View, within the 100 blocks a Home tab allows.
import type { HomeView, KnownBlock } from '@slack/types';
import type { View } from '../../../src/views/view.ts';
import { renderBlocks } from './blocks.ts';

/** The `views.publish` payload; a form shows as a summary and an "Open form" button, as in a message. */
export const renderHome = (view: View): HomeView & { blocks: KnownBlock[] } => ({
  type: 'home',
  blocks: renderBlocks(view, { surface: 'home' }).blocks,
});
