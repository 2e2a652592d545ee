// The command core against the reference model, half 1 of 2 (two files, so the halves run side by side):
// random sequences by every kind of actor, checked after every step.
import { describe } from 'vitest';
import { propertyHalf } from './property-run.ts';

describe('random sequences of commands and time agree with the model (half 1 of 1,000)', () =>
  propertyHalf(0));
