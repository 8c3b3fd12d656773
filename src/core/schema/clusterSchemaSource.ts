/**
 * The editor's side of `schemaVersion: "cluster"`, without the editor: decides whether the CRDs of
 * the current context can be read, reads them (through the injected cluster session), hands the
 * result to validation, and otherwise keeps the pinned schemas with one notice per reason
 * (untrusted workspace, cluster features off, no context, a failed read). Every call of `refresh`
 * supersedes the ones before: a slow read for a context the user has left is dropped.
 */
import type { Engine } from '../kinds';
import { describeClusterSchemas, type ClusterSchemaSet } from './clusterSchemas';
import { errorMessage } from '../util/errors';

export interface ClusterSchemaSourceDeps {
  /** The engines whose setting says "cluster" (empty: pinned schemas, nothing to read). */
  engines(): Engine[];
  trusted(): boolean;
  clusterEnabled(): boolean;
  /** Starts the cluster connection if needed; the current context once it is known. */
  currentContext(): string | undefined;
  read(context: string, engines: readonly Engine[]): Promise<ClusterSchemaSet> | undefined;
  /** Validation uses `set`, or the pinned schemas when undefined. */
  apply(set: ClusterSchemaSet | undefined): void;
  /** A notice for the user (shown once per distinct text). */
  notify(message: string): void;
  log(message: string): void;
}

export class ClusterSchemaSource {
  private generation = 0;
  private lastNotice: string | undefined;
  private current: ClusterSchemaSet | undefined;
  /** The context whose CRDs are being read, while a read is under way. */
  private readingContext: string | undefined;

  constructor(private readonly deps: ClusterSchemaSourceDeps) {}

  /** What validation uses now (undefined: the pinned schemas). */
  get schemas(): ClusterSchemaSet | undefined {
    return this.current;
  }

  get reading(): string | undefined {
    return this.readingContext;
  }

  async refresh(): Promise<void> {
    const gen = ++this.generation;
    this.readingContext = undefined;
    const engines = this.deps.engines();
    if (engines.length === 0) {
      this.lastNotice = undefined;
      return this.set(undefined);
    }
    const offline = (why: string) => {
      this.set(undefined);
      const message = `Rollout Lens validates against the pinned CRD schemas: ${why}.`;
      this.deps.log(message);
      if (message !== this.lastNotice) {
        this.lastNotice = message;
        this.deps.notify(message);
      }
    };
    if (!this.deps.trusted()) return offline('schemaVersion "cluster" needs a trusted workspace to read the current context\'s CRDs');
    if (!this.deps.clusterEnabled()) return offline('schemaVersion "cluster" needs the cluster features (rolloutLens.cluster.enable)');
    const context = this.deps.currentContext();
    if (!context) return offline('there is no current kube context to read the CRDs from');
    const reading = this.deps.read(context, engines);
    if (!reading) return offline(`cannot connect to context ${context}`);
    this.readingContext = context;
    try {
      const set = await reading;
      if (gen !== this.generation) return;
      this.readingContext = undefined;
      this.lastNotice = undefined;
      this.deps.log(`schemas from context ${describeClusterSchemas(set)}`);
      this.set(set);
    } catch (err) {
      if (gen !== this.generation) return;
      this.readingContext = undefined;
      offline(`the CRDs of context ${context} could not be read (${errorMessage(err)})`);
    }
  }

  private set(set: ClusterSchemaSet | undefined): void {
    if (set === this.current) return;
    this.current = set;
    this.deps.apply(set);
  }
}
