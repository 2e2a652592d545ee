// `npm run package:teams`: the Teams app package (manifest with the bot's id, and the icons) as the zip to upload.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { zipSync } from 'fflate';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const APP_PACKAGE = here('./appPackage/');
export const ZIP_FILE = here('./appPackage/build/portal-teams.zip');
/** The manifest's bot id until MicrosoftAppId is known: a valid GUID that no bot has. */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Manifest = { bots: Array<{ botId: string }>; icons: { color: string; outline: string } };

export const readManifest = (): Manifest & Record<string, unknown> =>
  JSON.parse(readFileSync(`${APP_PACKAGE}manifest.json`, 'utf8'));

let validator: ValidateFunction | undefined;

/** The manifest against the schema shipped beside it (draft-04, as Microsoft publishes it); the problems, if any. */
export function manifestProblems(manifest: unknown): string[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(`${APP_PACKAGE}teams-manifest-1.22.schema.json`, 'utf8'));
    const Draft04 = createRequire(import.meta.url)('ajv-draft-04') as typeof Ajv;
    const ajv = new Draft04({ allErrors: true, strict: false });
    addFormats.default(ajv);
    validator = ajv.compile(schema);
  }
  const validate = validator;
  return validate(manifest)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
}

/** The zip's files: the manifest with `botId` (the Microsoft App ID), and the icons it names. */
export function packageFiles(botId: string): Record<string, Uint8Array> {
  const manifest = readManifest();
  for (const bot of manifest.bots) bot.botId = botId;
  const problems = manifestProblems(manifest);
  if (problems.length) throw new Error(`manifest.json is not a valid Teams manifest: ${problems.join('; ')}`);
  return {
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    [manifest.icons.color]: readFileSync(`${APP_PACKAGE}${manifest.icons.color}`),
    [manifest.icons.outline]: readFileSync(`${APP_PACKAGE}${manifest.icons.outline}`),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const appId = process.env.MicrosoftAppId?.trim();
  if (appId && !GUID.test(appId)) {
    process.stderr.write('MicrosoftAppId must be the bot app id (a GUID).\n');
    process.exit(2);
  }
  try {
    const zip = zipSync(packageFiles(appId || PLACEHOLDER_BOT_ID), { level: 9 });
    mkdirSync(here('./appPackage/build/'), { recursive: true });
    writeFileSync(ZIP_FILE, zip);
    process.stdout.write(`Wrote ${ZIP_FILE} (bot id ${appId || PLACEHOLDER_BOT_ID}).\n`);
    if (!appId)
      process.stdout.write(
        'MicrosoftAppId is not set, so the bot id is a placeholder: set it to your Azure Bot app id and run this again before uploading.\n',
      );
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
