// case list [INFRA]: the same as `cases`, for those who type the noun first.

import { casesSpec } from './cases.ts';
import { defineCommand } from './command.ts';

export default defineCommand({
  name: 'case list',
  usage: 'case list [INFRA]',
  examples: ['case list prod-eu'],
  ...casesSpec,
});
