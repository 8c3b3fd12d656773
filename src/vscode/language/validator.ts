/**
 * What the editor needs from the validation engine (src/core/validation/engine.ts), stated
 * structurally so the adapters depend on behaviour, not on the engine's construction, and so other
 * checkers (the workspace index's reference findings) can be merged in without the engine knowing.
 */
import type { Event } from '../../core/events';
import type { Finding } from '../../core/findings';
import type { ManifestFile } from '../../core/manifest/manifestFile';
import type { CrossFileFindings } from '../../core/validation/fileFindings';

export interface ValidationResult {
  file: ManifestFile;
  findings: Finding[];
  /** Set when the engine refused the file (too large): `reason` says so in words. */
  skipped?: { reason: string };
}

export interface DocumentValidator {
  /** Validates a file's full text; the engine caches per uri so unchanged documents are reused. */
  validate(uri: string, text: string): ValidationResult;
  /** Drops the per-uri cache (file closed, deleted). */
  forget(uri: string): void;
}

/** What the workspace index adds to a file's findings (references, patch fragments); `onDidChange` names uris to republish. */
export interface FindingSource extends CrossFileFindings {
  onDidChange?: Event<readonly string[]>;
}

/** Fired after a file was parsed and validated, for consumers that index or decorate documents. */
export interface FileValidated {
  uri: string;
  /** The TextDocument version for open documents; undefined for files validated from disk. */
  version?: number;
  file: ManifestFile;
}
