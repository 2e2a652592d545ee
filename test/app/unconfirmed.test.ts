// A change whose commit could not be confirmed (the database connection broke during COMMIT and could not be
// asked afterwards) is answered as such: never "nothing was changed", never "done".
import { describe, expect, it } from 'vitest';
import { appOver, seedData } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import { OutcomeUnknownError, type Store, StoreWriteError } from '../../src/store/store.ts';
import { renderText } from '../../src/views/render-text.ts';
import { asConsole, DEMO_DAY, recordingLog } from '../fakes/app.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';

function failingWith(error: Error): Store {
  const inner = createMemoryStore(seedData(true, new Date(DEMO_DAY)));
  return { ...inner, transaction: () => Promise.reject(error) };
}

const answer = async (store: Store) => {
  const app = appOver(store, { clock: fakeClock(DEMO_DAY), securityLog: recordingLog().log });
  const reply = await app.handle(asConsole('alexw@example.com'), {
    kind: 'text',
    text: 'grant infra-admin adelev@example.com prod-eu',
  });
  return renderText(reply.view).text;
};

describe('a change the store could not confirm', () => {
  it('says it could not be confirmed, and asks to check before trying again', async () => {
    const text = await answer(failingWith(new OutcomeUnknownError()));
    expect(text).toContain('could not be confirmed whether it was');
    expect(text).toContain('before trying again');
    expect(text).not.toMatch(/nothing was changed/i);
  });

  it('a write known to have failed still says nothing was changed', async () => {
    const text = await answer(failingWith(new StoreWriteError('disk full')));
    expect(text).toMatch(/nothing was changed/i);
  });
});
