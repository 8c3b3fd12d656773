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
 * Neither exists in a production extension host: an installed extension always asks the user.
 */
import * as vscode from 'vscode';
import { parseTestAnswer, typedNameProblem, type Confirmation, type TestAnswer } from '../../core/actions/confirm';

export interface AskedConfirmation extends Confirmation {
  answer: 'accepted' | 'rejected';
}

export class Confirmer {
  /** Set by the test command; `null` = not set, fall back to the environment. */
  private commandAnswer: TestAnswer | undefined | null = null;
  private last: AskedConfirmation | undefined;

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
    );
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
