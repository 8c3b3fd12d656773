/**
 * The confirmation dialog in front of every cluster action, and its test hook.
 *
 * Test hook (documented for the in-host suite): outside a production extension host
 * (`ExtensionMode.Development` or `Test`) the environment variable `ROLLOUT_LENS_TEST_CONFIRM`
 * (`accept`/`1` or `reject`/`0`) answers every confirmation, and the internal command
 * `rolloutLens.test.answerConfirmations` (argument `'accept' | 'reject' | undefined`) sets or clears
 * that answer at run time. `rolloutLens.test.lastConfirmation` returns the last confirmation that
 * was asked ({title, detail, typeToConfirm, mode}) so tests can check what the user would have read.
 * Neither exists in a production extension host: an installed extension always asks the user.
 */
import * as vscode from 'vscode';
import { confirmationMode, parseTestAnswer, typedNameProblem, type ConfirmationMode, type TestAnswer } from '../../core/editor/confirmation';
import type { Confirmation } from '../../core/actions/confirm';

export interface AskedConfirmation extends Confirmation {
  mode: ConfirmationMode;
  answer: 'accepted' | 'rejected';
}

export class Confirmer {
  private testAnswer: TestAnswer | undefined;
  private last: AskedConfirmation | undefined;

  constructor(private readonly testMode: boolean) {
    if (testMode) this.testAnswer = parseTestAnswer(process.env.ROLLOUT_LENS_TEST_CONFIRM);
  }

  /** Registers the test commands, only outside production. */
  registerTestCommands(subscriptions: vscode.Disposable[]): void {
    if (!this.testMode) return;
    subscriptions.push(
      vscode.commands.registerCommand('rolloutLens.test.answerConfirmations', (answer?: string) => {
        this.testAnswer = parseTestAnswer(answer);
        return this.testAnswer;
      }),
      vscode.commands.registerCommand('rolloutLens.test.lastConfirmation', () => this.last),
    );
  }

  /** Asks the user (or the test hook); resolves true only on an explicit yes. */
  async confirm(c: Confirmation, acceptLabel: string, opts: { production: boolean; skipNonProduction: boolean }): Promise<boolean> {
    const mode = confirmationMode({ production: opts.production, skipConfirmationForNonProduction: opts.skipNonProduction });
    const record = (ok: boolean) => {
      this.last = { ...c, mode, answer: ok ? 'accepted' : 'rejected' };
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
