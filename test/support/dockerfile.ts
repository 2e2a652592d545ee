// A small reader for our Dockerfile: its stages and instructions, so a test can check them and run them without Docker.

export type Instruction = { op: string; args: string };
export type Stage = { from: string; name: string | undefined; steps: Instruction[] };

/** Stages in order; continuation lines joined, comments dropped. */
export function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n\s*/g, ' ').split('\n');
  const stages: Stage[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = line.match(/^([A-Z]+)\s+(.*)$/);
    if (!m) throw new Error(`unreadable Dockerfile line: ${line}`);
    const [, op = '', args = ''] = m;
    if (op === 'FROM') {
      const from = args.match(/^(\S+)(?:\s+AS\s+(\S+))?$/i);
      stages.push({ from: from?.[1] ?? args, name: from?.[2], steps: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${op} before FROM`);
    stage.steps.push({ op, args });
  }
  return stages;
}

/** The JSON array of an exec-form instruction (CMD, HEALTHCHECK … CMD), or null for shell form. */
export function execForm(args: string): string[] | null {
  const json = args.slice(args.indexOf('['));
  if (!args.trim().endsWith(']') || args.indexOf('[') < 0) return null;
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
  } catch {
    return null;
  }
}

/** `ENV A=1` (one or several pairs) as a record. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of stage.steps.filter((x) => x.op === 'ENV'))
    for (const pair of s.args.split(/\s+/)) {
      const i = pair.indexOf('=');
      if (i > 0) env[pair.slice(0, i)] = pair.slice(i + 1);
    }
  return env;
}

/** A COPY's sources, destination and `--from` stage. */
export function copyOf(args: string): { from: string | undefined; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1) ?? '.' };
}
