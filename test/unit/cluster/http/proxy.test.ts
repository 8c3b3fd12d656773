import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceProxies, parseServiceName } from '../../../cluster/http/proxy';

test('service names with ports and schemes', () => {
  assert.deepEqual(parseServiceName('svc'), { name: 'svc' });
  assert.deepEqual(parseServiceName('svc:80'), { name: 'svc', port: '80' });
  assert.deepEqual(parseServiceName('https:svc:443'), { name: 'svc', port: '443' });
  assert.deepEqual(parseServiceName('svc%3Ahttp'), { name: 'svc', port: 'http' });
});

test('registrations are found by namespace, name and port; unregistering removes them', () => {
  const p = new ServiceProxies();
  const h = () => ({ status: 200 });
  const off80 = p.register('ns', 'svc', 80, h);
  p.register('ns', 'svc', 9090, h);
  assert.equal(p.find('ns', 'svc', '80')?.port, '80');
  assert.equal(p.find('ns', 'svc', '9090')?.port, '9090');
  assert.equal(p.find('ns', 'svc', undefined), undefined, 'ambiguous without a port');
  assert.equal(p.find('other', 'svc', '80'), undefined);
  off80();
  assert.equal(p.find('ns', 'svc', undefined)?.port, '9090');
});
