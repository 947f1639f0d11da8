import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();

// jsdom has no canvas: say so the way a browser without one would (getContext → null) instead of logging
// "not implemented"; charts then show their text summary only.
Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { value: () => null, configurable: true });

// A warning or error logged during a test (Angular, AG Grid's validation, our code) fails that test,
// as console errors will fail the browser e2e tests.
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const kind of ['warn', 'error'] as const) {
    jest.spyOn(console, kind).mockImplementation((...args: unknown[]) => {
      logged.push(`console.${kind}: ${args.map(String).join(' ')}`);
    });
  }
});
afterEach(() => {
  const messages = logged;
  logged = [];
  if (messages.length > 0) throw new Error(`Unexpected console output:\n${messages.join('\n')}`);
});
