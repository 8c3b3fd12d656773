import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger, taggedLogger, type Logger } from '../../../../src/core/util/logger';

function recording(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), trace: at('trace') };
}

test('taggedLogger prefixes every level with the component, and tags nest', () => {
  const r = recording();
  const log = taggedLogger(taggedLogger(r, 'cluster prod'), 'watch');
  log.info('a');
  log.warn('b');
  log.error('c');
  log.debug('d');
  log.trace('e');
  assert.deepEqual(r.lines, ['info [cluster prod] [watch] a', 'warn [cluster prod] [watch] b', 'error [cluster prod] [watch] c', 'debug [cluster prod] [watch] d', 'trace [cluster prod] [watch] e']);
});

test('silentLogger accepts every level', () => {
  for (const level of ['info', 'warn', 'error', 'debug', 'trace'] as const) assert.equal(silentLogger[level]('x'), undefined);
});
