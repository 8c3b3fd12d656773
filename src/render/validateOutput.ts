/**
 * What validating a tool's output gives: one report per source file, with the file's text (the
 * findings' offsets are into it) as it was read.
 */
import type { Finding } from '../core/findings';
import type { ManifestFile } from '../core/manifest/manifestFile';
import type { ValidationEngine } from '../core/validation/engine';
import { fileFindings, type SeverityOverrides } from '../core/validation/fileFindings';
import { WorkspaceIndex } from '../core/workspace/workspaceIndex';

export interface RenderedReport {
  /** Absolute path. */
  file: string;
  text: string;
  findings: Finding[];
}

/**
 * A tool's output (a kustomize build, a helm render) validated as one file, with its own index so
 * references between the objects it holds resolve: the parse and the findings, offsets in `text`.
 */
export function validateOutput(engine: ValidationEngine, name: string, text: string, severityOverrides: SeverityOverrides): { file: ManifestFile; findings: Finding[] } {
  const result = engine.validate(name, text);
  engine.forget(name);
  const index = new WorkspaceIndex();
  if (!result.skipped) index.setFile(name, text, result.file);
  return { file: result.file, findings: fileFindings({ uri: name, validation: result, textLength: text.length, crossFile: index, severityOverrides }) };
}
