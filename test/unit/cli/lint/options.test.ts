import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLintArgs, type LintOptions } from '../../../../src/cli/lint/options';

const parse = (args: string[], paths: string[] = []) => parseLintArgs(args, (a) => paths.includes(a)) as LintOptions;

test('--schema-from-context takes an optional context: =NAME, a next argument that is not a path, or none', () => {
  assert.deepEqual(parse(['--schema-from-context']).schemaFromContext, {});
  assert.deepEqual(parse(['--schema-from-context', 'prod-eu', 'apps']).schemaFromContext, { context: 'prod-eu' });
  assert.deepEqual(parse(['--schema-from-context', 'prod-eu', 'apps']).paths, ['apps']);
  const beforePath = parse(['--schema-from-context', 'apps'], ['apps']);
  assert.deepEqual([beforePath.schemaFromContext, beforePath.paths], [{}, ['apps']]);
  const beforeOption = parse(['--schema-from-context', '--format', 'json']);
  assert.deepEqual([beforeOption.schemaFromContext, beforeOption.format], [{}, 'json']);
  assert.deepEqual(parse(['--schema-from-context=apps'], ['apps']).schemaFromContext, { context: 'apps' });
  assert.equal(parseLintArgs(['--schema-from-context=']), '--schema-from-context= needs a context name');
  assert.equal(parse(['apps']).schemaFromContext, undefined);
});

test('--api-versions is repeatable and takes group/version or group/version/Kind', () => {
  assert.deepEqual(parse(['--helm', 'chart', '--api-versions', 'argoproj.io/v1alpha1', '--api-versions=argoproj.io/v1alpha1/Rollout', '--api-versions', 'v1']).apiVersions, ['argoproj.io/v1alpha1', 'argoproj.io/v1alpha1/Rollout', 'v1']);
  assert.deepEqual(parse(['apps']).apiVersions, []);
  assert.equal(parseLintArgs(['--api-versions', 'argo proj']), '--api-versions takes an API version such as monitoring.coreos.com/v1 or monitoring.coreos.com/v1/ServiceMonitor, got argo proj');
  assert.equal(parseLintArgs(['--api-versions']), '--api-versions takes an API version such as monitoring.coreos.com/v1 or monitoring.coreos.com/v1/ServiceMonitor, got nothing');
});

test('--kube-version takes a Kubernetes version for the charts it renders', () => {
  assert.equal(parse(['--helm', 'chart', '--kube-version', 'v1.32.4']).kubeVersion, 'v1.32.4');
  assert.equal(parse(['--kube-version=1.30']).kubeVersion, '1.30');
  assert.equal(parse(['apps']).kubeVersion, undefined);
  assert.equal(parseLintArgs(['--kube-version', 'latest']), '--kube-version takes a Kubernetes version such as v1.32.4, got latest');
  assert.equal(parseLintArgs(['--kube-version']), '--kube-version takes a Kubernetes version such as v1.32.4, got nothing');
});
