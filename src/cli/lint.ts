/**
 * `rollout-lens lint`: the editor's validation engine over files, directories or stdin, for a
 * config repo's CI. Exit codes: 0 no errors (warnings and infos are printed but do not fail the
 * run), 1 at least one error finding, 2 usage or I/O error (a path that cannot be read, a bad flag).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lineStarts } from '../core/findings';
import { schemaDirectory } from '../core/schema/catalog';
import { describeClusterSchemas, type ClusterSchemaSet } from '../core/schema/clusterSchemas';
import { ManifestFileParser } from '../core/manifest/manifestFile';
import { ValidationEngine, type FileValidation } from '../core/validation/engine';
import { fileFindings } from '../core/validation/fileFindings';
import { errorMessage } from '../core/util/errors';
import { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from './command';
import { collectFiles, displayPath, kustomizeContextFiles, repositoryRoot } from './lint/files';
import { formatterFor, type FileReport } from './lint/formats';
import { lintHelmChart } from './lint/helm';
import { lintKustomization } from './lint/kustomize';
import { parseLintArgs } from './lint/options';
import { mergeReports } from './lint/reports';
import { helmTemplate, kustomizeBuild } from '../render/renderTools';

const USAGE = `Usage: rollout-lens lint [paths...|-] [options]

Validates Argo Rollouts and Flagger manifests (other documents are left alone) against the CRD
schemas with the API server's semantics and the controllers' rules. Directories are searched for
*.yaml and *.yml (node_modules and .git are skipped); "-" reads standard input; no path means ".".

Options:
  --format human|json|sarif|github|junit
                               output format (default: human: file:line:col severity code message;
                               json: this tool's own document; sarif: SARIF 2.1.0 for code scanning;
                               github: GitHub Actions annotations; junit: JUnit XML test reports)
  --argo-version latest|v1.9.1 Argo Rollouts CRD version your clusters run (default: latest)
  --max-file-size N            skip files larger than N bytes (suffixes k, m allowed; default 2m,
                               the editor's default too)
  --severity CODE=LEVEL        change a finding's severity (error|warning|info|off), e.g.
                               --severity references/unresolved=off; repeatable; an unknown
                               CODE is a usage error that lists the known ones
  --flagger-no-cross-namespace-refs
                               Flagger runs with -no-cross-namespace-refs: report metric templates,
                               alert providers and Gloo upstreams in other namespaces
  --root DIR                   how far up to look for the kustomizations that enclose files
                               named on their own (what they build from is read, only the named
                               files are reported; default: each file's git root)
  --kustomize DIR              build the overlay in DIR (kubectl kustomize, else kustomize build)
                               and validate what it builds; findings go to the patch or base
                               file that sets the field; repeatable
  --helm CHART [-f VALUES ...] render the chart with helm template (values files in order; helm from
                               $ROLLOUT_LENS_HELM, else the PATH) and validate what it renders;
                               findings go to the template's line; repeatable
  --kube-version V             the Kubernetes version charts are rendered for (helm template
                               --kube-version, read by .Capabilities.KubeVersion; e.g. v1.32.4)
  --api-versions V             an API version charts are rendered with (helm template
                               --api-versions, read by .Capabilities.APIVersions.Has; e.g.
                               monitoring.coreos.com/v1/ServiceMonitor); repeatable
  --schema-from-context [CONTEXT]
                               validate against the CRDs the kube context serves (default: the
                               current context of $KUBECONFIG or ~/.kube/config); fields its CRDs do
                               not know are warnings; if it cannot be read, the pinned schemas are
                               used and stderr says so. Use --schema-from-context=CONTEXT when
                               CONTEXT is also the name of a file here

Exit status: 0 no errors (warnings do not fail), 1 errors found, 2 usage or I/O error.
`;

export async function runLint(args: string[], io: CliIO): Promise<number> {
  const parsed = parseLintArgs(args, (arg) => fs.existsSync(path.resolve(io.cwd, arg)));
  if (typeof parsed === 'string') {
    io.stderr(`rollout-lens lint: ${parsed}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  // An installation without its schemas would report "could not validate" on every file and exit 0:
  // a silent pass in CI. Say so once and fail instead.
  try {
    schemaDirectory();
  } catch (e) {
    io.stderr(`rollout-lens lint: this installation is incomplete: ${errorMessage(e)}. Reinstall rollout-lens.\n`);
    return EXIT_USAGE;
  }
  let clusterSchemas: ClusterSchemaSet | undefined;
  if (parsed.schemaFromContext) {
    // Only with the flag: the cluster bundle (dist/cliCluster.js, @kubernetes/client-node), as commands.ts loads it.
    const cluster = require('./clusterCommands') as typeof import('./clusterCommands');
    const read = await cluster.readContextSchemas(parsed.schemaFromContext.context, ['argo', 'flagger'], io);
    if ('usage' in read) {
      io.stderr(`rollout-lens lint: ${read.usage}\n`);
      return EXIT_USAGE;
    }
    if ('offline' in read) io.stderr(`rollout-lens lint: ${read.offline}; validating against the pinned schemas\n`);
    else {
      clusterSchemas = read.schemas;
      io.stderr(`rollout-lens lint: schemas from context ${describeClusterSchemas(read.schemas)}\n`);
    }
  }
  const engine = new ValidationEngine({
    argoSchemaVersion: parsed.argoVersion,
    clusterSchemas,
    maxFileBytes: parsed.maxFileBytes,
    severityOverrides: parsed.severityOverrides,
    ruleContext: { flaggerNoCrossNamespaceRefs: parsed.flaggerNoCrossNamespaceRefs },
  });
  const ioErrors: string[] = [];
  // Every linted file goes into one workspace index first, so references resolve across files
  // (a Rollout in one file, its Services in another) before any file is reported.
  const index = new WorkspaceIndex();
  const validated: { name: string; text: string; result: FileValidation }[] = [];
  // One parse per file: the engine's parse also feeds the index.
  const validate = (name: string, text: string) => {
    const result = engine.validate(name, text);
    engine.forget(name);
    validated.push({ name, text, result });
    // Files the engine skipped (size, nesting) stay out of the index as well.
    if (!result.skipped) index.setFile(name, text, result.file);
  };
  for (const p of parsed.paths) {
    if (p === '-') {
      try {
        validate('<stdin>', await io.readStdin());
      } catch (err) {
        ioErrors.push(`<stdin>: ${(err as Error).message}`);
      }
      continue;
    }
    for (const file of collectFiles(p, io.cwd, ioErrors)) {
      let text: string;
      try {
        text = await fs.promises.readFile(file, 'utf8');
      } catch (err) {
        ioErrors.push(`${displayPath(file, io.cwd)}: ${(err as Error).message}`);
        continue;
      }
      validate(displayPath(file, io.cwd), text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    }
  }
  indexRepositoryContext(parsed.paths, parsed.root, io.cwd, index, new Set(validated.map((v) => v.name)), parsed.maxFileBytes);
  const reports: FileReport[] = validated.map(({ name, text, result }) => ({
    path: name,
    findings: fileFindings({ uri: name, validation: result, textLength: text.length, crossFile: index, severityOverrides: parsed.severityOverrides }),
    starts: lineStarts(text),
    ...(result.skipped ? { skipped: result.skipped.reason } : {}),
  }));
  for (const dir of parsed.kustomize) {
    const built = await lintKustomization({ dir, cwd: io.cwd, engine, severityOverrides: parsed.severityOverrides, build: (d) => kustomizeBuild(d) });
    if (typeof built === 'string') {
      io.stderr(`rollout-lens lint: ${built}\n`);
      return EXIT_USAGE;
    }
    mergeReports(reports, built);
  }
  for (const { chart, valueFiles } of parsed.helm) {
    const helm = io.env.ROLLOUT_LENS_HELM || undefined;
    const rendered = await lintHelmChart({
      chart,
      valueFiles,
      cwd: io.cwd,
      engine,
      severityOverrides: parsed.severityOverrides,
      render: (c, v) => helmTemplate(c, { helm, valueFiles: v, kubeVersion: parsed.kubeVersion, apiVersions: parsed.apiVersions }),
    });
    if (typeof rendered === 'string') {
      io.stderr(`rollout-lens lint: ${rendered}\n`);
      return EXIT_USAGE;
    }
    mergeReports(reports, rendered);
  }
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of reports) for (const f of r.findings) counts[f.severity]++;
  formatterFor(parsed.format)({ reports, ioErrors, counts }, io);
  if (ioErrors.length) return EXIT_USAGE;
  return counts.error > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * Files named on their own (pre-commit hooks and CI steps pass lists of files) are judged in their
 * repository's context, as linting their folder would judge them: the kustomizations enclosing them
 * up to the repository root (`--root`, else the git root) and what those build from go into the
 * index (lint/files.ts kustomizeContextFiles), so a patch fragment is known as one and the objects
 * it references resolve. Only the files given are reported; the others are parsed, not validated.
 */
function indexRepositoryContext(paths: string[], root: string | undefined, cwd: string, index: WorkspaceIndex, linted: Set<string>, maxFileBytes: number): void {
  const files = paths
    .filter((p) => p !== '-')
    .map((p) => path.resolve(cwd, p))
    .filter((p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile());
  for (const named of files) {
    for (const file of kustomizeContextFiles(named, root ? path.resolve(cwd, root) : repositoryRoot(named))) {
      const name = displayPath(file, cwd);
      if (linted.has(name)) continue;
      linted.add(name);
      let text: string;
      try {
        if (fs.statSync(file).size > maxFileBytes) continue;
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue; // context only: a file we cannot read is simply not known
      }
      index.setFile(name, text, new ManifestFileParser().parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
    }
  }
}

export const LINT_COMMAND: CliCommand = {
  name: 'lint',
  summary: 'validate Argo Rollouts / Flagger manifests (files, directories or -) like the API server would',
  usage: USAGE,
  run: runLint,
};
