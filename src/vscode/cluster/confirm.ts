/**
 * The confirmation dialog in front of every cluster action, and its test hook.
 *
 * Test hook (documented for the in-host suite): outside a production extension host
 * (`ExtensionMode.Development` or `Test`) the environment variable `ROLLOUT_LENS_TEST_CONFIRM`
 * (`accept`/`1` or `reject`/`0`) answers every confirmation (`ROLLOUT_LENS_TEST=1`, which the
 * harness sets for the in-host suite, means `accept` unless ROLLOUT_LENS_TEST_CONFIRM says
 * otherwise), and the internal command
 * `rolloutLens.test.answerConfirmations` (argument `'accept' | 'reject'`; anything else: ask the user)
 * overrides it at run time. `rolloutLens.test.lastConfirmation` returns the last confirmation that
 * was asked ({title, detail, typeToConfirm, mode}) so tests can check what the user would have read.
 * A choice between ways on (the GitOps warning: change the manifest instead, or patch anyway) follows
 * the same answer (accept: its accepting option; reject: none) unless `rolloutLens.test.answerChoice`
 * names the option to pick; `rolloutLens.test.lastChoice` returns the last one asked
 * ({title, detail, options, answer}).
 * Neither exists in a production extension host: an installed extension always asks the user.
 */
import * as vscode from 'vscode';
import { parseTestAnswer, typedNameProblem, type Confirmation, type TestAnswer } from '../../core/actions/confirm';

export interface AskedConfirmation extends Confirmation {
  answer: 'accepted' | 'rejected';
}

export interface AskedChoice {
  title: string;
  detail: string;
  options: string[];
  /** The option picked; undefined: cancelled. */
  answer: string | undefined;
}

export class Confirmer {
  /** Set by the test command; `null` = not set, fall back to the environment. */
  private commandAnswer: TestAnswer | undefined | null = null;
  private last: AskedConfirmation | undefined;
  /** Set by `rolloutLens.test.answerChoice`: the option a choice picks (undefined: by the answer above). */
  private choiceAnswer: string | undefined;
  private lastChoice: AskedChoice | undefined;

  constructor(private readonly testMode: boolean) {}

  /** Read at each confirmation, so a test may change the environment after activation. */
  get testAnswer(): TestAnswer | undefined {
    if (!this.testMode) return undefined;
    if (this.commandAnswer !== null) return this.commandAnswer;
    return parseTestAnswer(process.env.ROLLOUT_LENS_TEST_CONFIRM) ?? (process.env.ROLLOUT_LENS_TEST === '1' ? 'accept' : undefined);
  }

  /** Registers the test commands, only outside production. */
  registerTestCommands(subscriptions: vscode.Disposable[]): void {
    if (!this.testMode) return;
    subscriptions.push(
      vscode.commands.registerCommand('rolloutLens.test.answerConfirmations', (answer?: string) => {
        // 'ask' (or nothing) asks the user again, ignoring the environment.
        this.commandAnswer = parseTestAnswer(answer);
        return this.commandAnswer;
      }),
      vscode.commands.registerCommand('rolloutLens.test.lastConfirmation', () => this.last),
      vscode.commands.registerCommand('rolloutLens.test.answerChoice', (option?: string) => {
        this.choiceAnswer = typeof option === 'string' ? option : undefined;
        return this.choiceAnswer;
      }),
      vscode.commands.registerCommand('rolloutLens.test.lastChoice', () => this.lastChoice),
    );
  }

  /**
   * A modal warning with several ways on; resolves the option picked, undefined when cancelled. Under the
   * test hook: the option `rolloutLens.test.answerChoice` named, else `acceptOption` on accept and none on reject.
   */
  async choose(title: string, detail: string, options: string[], acceptOption: string): Promise<string | undefined> {
    const record = (answer: string | undefined) => {
      this.lastChoice = { title, detail, options, answer };
      return answer;
    };
    if (this.testMode && this.choiceAnswer !== undefined) return record(options.includes(this.choiceAnswer) ? this.choiceAnswer : undefined);
    const test = this.testAnswer;
    if (test) return record(test === 'accept' ? acceptOption : undefined);
    return record(await vscode.window.showWarningMessage(title, { modal: true, detail }, ...options));
  }

  /** Asks the user (or the test hook) in the confirmation's mode; resolves true only on an explicit yes. */
  async confirm(c: Confirmation, acceptLabel: string): Promise<boolean> {
    const mode = c.mode;
    const record = (ok: boolean) => {
      this.last = { ...c, answer: ok ? 'accepted' : 'rejected' };
      return ok;
    };
    if (this.testAnswer) return record(this.testAnswer === 'accept');
    if (mode === 'none') return record(true);
    const choice = await vscode.window.showWarningMessage(c.title, { modal: true, detail: c.detail }, acceptLabel);
    if (choice !== acceptLabel) return record(false);
    if (mode === 'typedName' && c.typeToConfirm) {
      const expected = c.typeToConfirm;
      const typed = await vscode.window.showInputBox({
        title: c.title,
        prompt: `Production context: type ${expected} to confirm`,
        placeHolder: expected,
        ignoreFocusOut: true,
        validateInput: (v) => typedNameProblem(v, expected),
      });
      return record(typed !== undefined && typedNameProblem(typed, expected) === undefined);
    }
    return record(true);
  }
}
