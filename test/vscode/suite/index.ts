/**
 * The --extensionTestsPath entry: the extension host require()s the bundled `index.js` and awaits run().
 * Shared by both hosts — code-server's extension host (test/vscode/run.sh, driven through the workbench
 * payload) and desktop VS Code under @vscode/test-electron (test/vscode/electron.ts).
 *
 * Every `*.test.js` bundled next to this file is loaded into one mocha (tdd UI). Results are printed one
 * line per test (the console reaches the harness through codeAutomationLog) and, when
 * ROLLOUT_LENS_TEST_RESULTS names a file, written there as JSON so the runner can count them without
 * parsing logs. ROLLOUT_LENS_TEST_GREP narrows the run (a mocha grep).
 *
 * ROLLOUT_LENS_SUITE=NAME loads the `*.test.js` of the subfolder NAME instead (e.g. `untrusted`: tests
 * that need a differently started host, such as an untrusted workspace); the default run loads only the
 * files next to this one, never a subfolder's.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  ms: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: LineReporter as unknown as string });
  if (process.env.ROLLOUT_LENS_TEST_GREP) mocha.grep(process.env.ROLLOUT_LENS_TEST_GREP);
  const dir = process.env.ROLLOUT_LENS_SUITE ? path.join(__dirname, process.env.ROLLOUT_LENS_SUITE) : __dirname;
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.test.js'))
        .sort()
    : [];
  if (!files.length) return Promise.reject(new Error(`no *.test.js in ${dir} (ROLLOUT_LENS_SUITE=${process.env.ROLLOUT_LENS_SUITE ?? ''})`));
  for (const f of files) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-host tests failed`)) : resolve()));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/** One line per test, plus the JSON results file. A reporter (not console scraping) so counts are exact. */
class LineReporter {
  private readonly results: TestResult[] = [];

  constructor(runner: Mocha.Runner) {
    const started = new Map<Mocha.Test, number>();
    runner.on('test', (t) => started.set(t, Date.now()));
    runner.on('pass', (t) => this.record(t, 'passed', started.get(t)));
    runner.on('fail', (t, err) => this.record(t, 'failed', started.get(t), err));
    runner.once('end', () => {
      const passed = this.results.filter((r) => r.state === 'passed').length;
      const failed = this.results.length - passed;
      console.log(`in-host suite: ${passed} passed, ${failed} failed`);
      const out = process.env.ROLLOUT_LENS_TEST_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify({ passed, failed, tests: this.results }, null, 2));
    });
  }

  private record(t: Mocha.Runnable, state: TestResult['state'], start: number | undefined, err?: Error): void {
    const title = t.fullTitle();
    const ms = start ? Date.now() - start : 0;
    const error = err ? (err.stack ?? err.message).split('\n').slice(0, 6).join('\n') : undefined;
    this.results.push({ title, state, ms, error });
    console.log(`${state === 'passed' ? '  ✓' : '  ✗'} ${title} (${ms} ms)${error ? `\n      ${error.replace(/\n/g, '\n      ')}` : ''}`);
  }
}
