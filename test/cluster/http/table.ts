/**
 * Server-side printing (`meta.k8s.io/v1` Table), what `kubectl get` asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. kubectl prints the columns the server
 * chose, so this is where `kubectl get rollouts` gets DESIRED/CURRENT/... from.
 *
 * Custom resources use their CRD's additionalPrinterColumns after a NAME column, `date` columns
 * rendered as an age (`apiextensions-apiserver/pkg/registry/customresource/tableconvertor`); without
 * printer columns a CRD shows NAME and AGE. Built-in types get a subset of kube-apiserver's printers
 * (`pkg/printers/internalversion/printers.go`). Rows carry the object as PartialObjectMetadata by
 * default, the full object with `includeObject=Object`, nothing with `includeObject=None`.
 */
import type { KubeObject } from '../store/objectStore';
import type { PrinterColumn, ResourceType } from './resources';
import { humanDuration } from '../../../src/core/util/goDuration';

export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number | boolean | null;

const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
};

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration: the same function the status layer uses for ages. */
export { humanDuration };

/** The simple JSONPath subset printer columns use: `.a.b`, `.a[0].b`, `.a['x.y']`. */
export function jsonPathValue(obj: unknown, path: string): unknown {
  const parts: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']+)'\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) parts.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]));
  let cur: unknown = obj;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

function age(obj: KubeObject, now: Date): Cell {
  const t = obj.metadata.creationTimestamp;
  return t ? humanDuration(now.getTime() - Date.parse(t)) : '<unknown>';
}

function customCell(col: PrinterColumn, obj: KubeObject, now: Date): Cell {
  const v = jsonPathValue(obj, col.jsonPath);
  if (v === undefined || v === null) return null;
  if (col.type === 'date') return typeof v === 'string' ? humanDuration(now.getTime() - Date.parse(v)) : null;
  if (typeof v === 'object') return JSON.stringify(v);
  return v as Cell;
}

const col = (name: string, type = 'string', description = '', priority = 0): TableColumn => ({ name, type, format: '', description, priority });
const AGE_COLUMN = col('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

/** Built-in printers: columns and a row function (a subset of kube-apiserver's). */
const BUILTIN: Record<string, { columns: TableColumn[]; cells: (o: KubeObject, now: Date) => Cell[] }> = {
  namespaces: { columns: [col('Status'), AGE_COLUMN], cells: (o, now) => [o.status?.phase ?? 'Active', age(o, now)] },
  pods: {
    columns: [col('Ready'), col('Status'), col('Restarts', 'string'), AGE_COLUMN, col('IP', 'string', '', 1), col('Node', 'string', '', 1)],
    cells: (o, now) => {
      const statuses: any[] = o.status?.containerStatuses ?? [];
      const total = (o.spec?.containers ?? statuses).length;
      const ready = statuses.filter((c) => c.ready).length;
      const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
      return [`${ready}/${total}`, podStatus(o), String(restarts), age(o, now), o.status?.podIP ?? '<none>', o.spec?.nodeName ?? '<none>'];
    },
  },
  events: {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Message')],
    cells: (o: any, now) => {
      const last = o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp;
      const obj = o.involvedObject ?? {};
      return [last ? humanDuration(now.getTime() - Date.parse(last)) : '<unknown>', o.type ?? '', o.reason ?? '', `${String(obj.kind ?? '').toLowerCase()}/${obj.name ?? ''}`, o.message ?? ''];
    },
  },
  replicasets: {
    columns: [col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), AGE_COLUMN],
    cells: (o, now) => [o.spec?.replicas ?? 1, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, age(o, now)],
  },
  deployments: {
    columns: [col('Ready'), col('Up-to-date', 'string'), col('Available', 'string'), AGE_COLUMN],
    cells: (o, now) => [`${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, o.status?.updatedReplicas ?? 0, o.status?.availableReplicas ?? 0, age(o, now)],
  },
  services: {
    columns: [col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE_COLUMN],
    cells: (o, now) => [o.spec?.type ?? 'ClusterIP', o.spec?.clusterIP ?? '<none>', '<none>', (o.spec?.ports ?? []).map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>', age(o, now)],
  },
  configmaps: { columns: [col('Data', 'integer'), AGE_COLUMN], cells: (o, now) => [Object.keys((o as any).data ?? {}).length, age(o, now)] },
  secrets: { columns: [col('Type'), col('Data', 'integer'), AGE_COLUMN], cells: (o, now) => [(o as any).type ?? 'Opaque', Object.keys((o as any).data ?? {}).length, age(o, now)] },
};

/** The STATUS column of `kubectl get pods` (printers.go printPod): a container's waiting or terminated reason wins over the phase. */
function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  let reason: string = o.status?.reason ?? o.status?.phase ?? 'Pending';
  for (const c of (o.status?.containerStatuses ?? []) as any[]) {
    const r = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (r) reason = r;
  }
  return reason;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function tableColumns(type: ResourceType): TableColumn[] {
  if (type.printerColumns) {
    return [NAME_COLUMN, ...type.printerColumns.map((c) => ({ name: c.name, type: c.type === 'date' ? 'date' : c.type, format: '', description: c.description ?? '', priority: c.priority ?? 0 }))];
  }
  return [NAME_COLUMN, ...(BUILTIN[type.resource]?.columns ?? [AGE_COLUMN])];
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function tableRow(type: ResourceType, obj: KubeObject, now: Date, include: IncludeObject): Record<string, unknown> {
  let cells: Cell[];
  if (type.printerColumns) cells = type.printerColumns.map((c) => customCell(c, obj, now));
  else cells = BUILTIN[type.resource]?.cells(obj, now) ?? [age(obj, now)];
  const object = rowObject(obj, include);
  return { cells: [obj.metadata.name, ...cells], ...(object !== undefined ? { object } : {}) };
}

export function table(type: ResourceType, objects: KubeObject[], now: Date, opts: { resourceVersion: string; continueToken?: string; include: IncludeObject; headers: boolean }): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion, ...(opts.continueToken ? { continue: opts.continueToken } : {}) },
    columnDefinitions: opts.headers ? tableColumns(type) : null,
    rows: objects.map((o) => tableRow(type, o, now, opts.include)),
  };
}

/** True when the Accept header prefers a meta.k8s.io Table (v1 or v1beta1) over plain JSON. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0];
  return /as=Table/.test(first) && /g=meta\.k8s\.io/.test(first);
}
