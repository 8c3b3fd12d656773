/**
 * Path arithmetic on document URIs (`file:///repo/a.yaml`) or plain paths, without the file system:
 * the index is fed text by the editor and the CLI, and only needs to resolve the relative paths a
 * kustomization.yaml lists against the kustomization's own location.
 */
export function dirnameOf(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? '' : uri.slice(0, i);
}

export function basenameOf(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** Joins a relative path onto a directory URI and folds `.` and `..` segments. */
export function joinUri(dir: string, rel: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)?(.*)$/i.exec(dir)!;
  const authority = m[1] ?? '';
  const segs = (m[2] + '/' + rel).split('/');
  const out: string[] = [];
  for (const s of segs) {
    if (s === '.' || (s === '' && out.length > 0)) continue;
    if (s === '..') {
      if (out.length > 1 || (out.length === 1 && out[0] !== '')) out.pop();
      continue;
    }
    out.push(s);
  }
  return authority + out.join('/');
}

export function isKustomizationUri(uri: string): boolean {
  return /^(kustomization\.ya?ml|Kustomization)$/.test(basenameOf(uri));
}
