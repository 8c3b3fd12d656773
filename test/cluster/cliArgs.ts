/**
 * The command line of `npm run cluster` (test/cluster/main.ts), parsed apart from starting anything so
 * it can be tested. The standalone server runs the simulated controllers and the fault endpoint unless
 * told otherwise.
 */
import type { Engine } from '../../src/core/kinds';
import type { TestClusterOptions } from './index';

export const USAGE = 'usage: npm run cluster -- [--upstream] [--port N] [--kubeconfig FILE] [--fixtures DIR] [--scenario NAME] [--no-controllers] [--engines argo,flagger|none]';

/** Options for `npm run cluster`; throws an Error carrying the usage text on bad input. */
export function parseClusterArgs(argv: string[]): TestClusterOptions & { help?: boolean; upstream?: boolean } {
  const o: TestClusterOptions & { help?: boolean; upstream?: boolean } = { controllers: true, faultEndpoint: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--port') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be a port number\n${USAGE}`);
      o.port = n;
    } else if (a === '--kubeconfig') o.kubeconfigPath = value();
    else if (a === '--fixtures') o.fixturesDir = value();
    else if (a === '--scenario') o.scenario = value();
    else if (a === '--no-controllers') o.controllers = false;
    else if (a === '--engines') {
      const v = value();
      const list = v === 'none' ? [] : v.split(',');
      for (const e of list) if (e !== 'argo' && e !== 'flagger') throw new Error(`unknown engine "${e}" (argo, flagger or none)\n${USAGE}`);
      o.engines = list as Engine[];
    } else if (a === '--upstream')
      o.upstream = true; // the real Kubernetes stack (test/upstream/stack)
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return o;
}
