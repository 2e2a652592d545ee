// The open disagreements of known.ts, each as the shortest sequence that shows it (see disagreements.md).
import type { Step } from './run.ts';

export const OPEN_SEQUENCES: Record<string, Step[]> = {};
