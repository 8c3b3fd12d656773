/**
 * Offsets → positions at the editor edge. Findings carry UTF-16 offsets (what JavaScript strings and
 * VS Code both count in); open documents convert through the TextDocument, files validated from disk
 * through a line table built once per file.
 */
import * as vscode from 'vscode';
import { lineStarts, positionAt } from '../../core/findings';
import { DIAGNOSTIC_SOURCE, type DiagnosticSpec } from '../../core/validation/diagnosticSpecs';
import type { Severity } from '../../core/findings';

export type OffsetToPosition = (offset: number) => vscode.Position;

export function documentPositions(doc: vscode.TextDocument): OffsetToPosition {
  return (o) => doc.positionAt(o);
}

export function textPositions(text: string): OffsetToPosition {
  const starts = lineStarts(text);
  return (o) => {
    const p = positionAt(starts, o);
    return new vscode.Position(p.line, p.character);
  };
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(spec: DiagnosticSpec, pos: OffsetToPosition): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(pos(spec.start), pos(spec.end)), spec.message, SEVERITY[spec.severity] ?? vscode.DiagnosticSeverity.Error);
  d.code = spec.code;
  d.source = DIAGNOSTIC_SOURCE;
  return d;
}
