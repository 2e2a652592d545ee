// The Teams app package: a manifest valid against Microsoft's 1.22 schema, commands the bot has, icons Teams accepts, the zip.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  APP_PACKAGE,
  manifestProblems,
  PLACEHOLDER_BOT_ID,
  packageFiles,
  readManifest,
  ZIP_FILE,
} from '../../adapters/teams/package.ts';
import { findCommand } from '../../src/commands/registry.ts';
import { parse } from '../../src/parse/parse.ts';

const APP_ID = '3f0c2a9e-5b1d-4c7e-9a8f-1e2d3c4b5a69';
const manifest = readManifest() as ReturnType<typeof readManifest> & {
  $schema: string;
  manifestVersion: string;
  bots: Array<{
    botId: string;
    scopes: string[];
    commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
  }>;
};

/** Width, height and RGBA pixels of a PNG we drew (8-bit RGBA, filter 0 on every row). */
function readPng(file: string) {
  const b = readFileSync(file);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const [depth, colorType] = [b[24], b[25]];
  const idat: Buffer[] = [];
  for (let at = 8; at < b.length; ) {
    const len = b.readUInt32BE(at);
    if (b.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(b.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row = raw.subarray(y * (1 + width * 4), (y + 1) * (1 + width * 4));
    expect(row[0]).toBe(0);
    for (let x = 0; x < width; x++) pixels.push([...row.subarray(1 + x * 4, 5 + x * 4)]);
  }
  return { width, height, depth, colorType, pixels };
}

describe('manifest.json', () => {
  it('is valid against the Teams manifest schema 1.22 shipped beside it', () => {
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.$schema).toBe(
      'https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json',
    );
    expect(manifestProblems(manifest)).toEqual([]);
  });

  it('the checker catches a broken manifest', () => {
    const { icons: _, ...noIcons } = manifest;
    expect(manifestProblems(noIcons).join()).toContain('icons');
    expect(
      manifestProblems({ ...manifest, bots: [{ botId: 'my-bot', scopes: ['personal'] }] }).join(),
    ).toContain('botId');
  });

  it('declares one bot for personal chats, teams and group chats', () => {
    expect(manifest.bots).toHaveLength(1);
    expect([...(manifest.bots[0]?.scopes ?? [])].sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('has command lists for every scope (Teams mobile needs them), each command one the bot has', () => {
    const lists = manifest.bots[0]?.commandLists ?? [];
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) {
      expect(list.commands.length).toBeGreaterThan(0);
      for (const c of list.commands) {
        expect(findCommand(c.title), c.title).toBeDefined();
        // Picked from the menu, the title is sent as the message: it must reach that very command.
        const parsed = parse(c.title);
        expect(parsed.ok && parsed.command.name, c.title).toBe(c.title);
        expect(c.description.length).toBeGreaterThan(10);
      }
    }
  });

  it('the icons: a 192×192 colour PNG, and a 32×32 outline of white on transparent only', () => {
    const color = readPng(`${APP_PACKAGE}color.png`);
    expect([color.width, color.height, color.depth, color.colorType]).toEqual([192, 192, 8, 6]);
    const outline = readPng(`${APP_PACKAGE}outline.png`);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const kinds = new Set(
      outline.pixels.map(([r, g, b, a]) =>
        a === 0 ? 'clear' : r === 255 && g === 255 && b === 255 ? 'white' : 'other',
      ),
    );
    expect([...kinds].sort()).toEqual(['clear', 'white']);
  });
});

describe('npm run package:teams', () => {
  it('the package holds the manifest with the bot id, and the icons it names', () => {
    const files = packageFiles(APP_ID);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packaged = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(packaged.bots[0].botId).toBe(APP_ID);
    expect(manifestProblems(packaged)).toEqual([]);
  });

  it('writes the zip to upload, with the id from MicrosoftAppId; without it, a placeholder and a warning', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'adapters/teams/package.ts'], {
        env: { ...process.env, MicrosoftAppId: '', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const withId = run({ MicrosoftAppId: APP_ID });
    expect(withId.status).toBe(0);
    const zip = unzipSync(readFileSync(ZIP_FILE));
    expect(Object.keys(zip).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(new TextDecoder().decode(zip['manifest.json'])).bots[0].botId).toBe(APP_ID);
    expect(zip['color.png']).toEqual(new Uint8Array(readFileSync(`${APP_PACKAGE}color.png`)));

    const placeholder = run({});
    expect(placeholder.status).toBe(0);
    expect(placeholder.stdout).toContain('placeholder');
    const again = unzipSync(readFileSync(ZIP_FILE));
    expect(JSON.parse(new TextDecoder().decode(again['manifest.json'])).bots[0].botId).toBe(
      PLACEHOLDER_BOT_ID,
    );

    const bad = run({ MicrosoftAppId: 'not-a-guid' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('GUID');
  });
});
