/**
 * Expands a VS Code snippet body with its defaults, as the editor would if the user pressed Tab
 * through every stop (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar):
 * `$1`/`${1}` take the first default given for that tab stop anywhere in the body, `${1:default}`
 * (defaults may nest), `${1|a,b|}` takes the first choice, `$0` is empty, `\$ \} \\` are escapes
 * (and `\, \|` inside choices), variables take their default or the value supplied. A `$` that
 * starts nothing valid is literal, as in VS Code. Transforms are not used by our snippets: they throw.
 */
type Node = { text: string } | { stop: number; children?: Node[]; choices?: string[] } | { variable: string; children?: Node[] };

export function expandSnippet(body: string, variables: Record<string, string> = {}): string {
  const p = new Parser(body);
  const nodes = p.parse(false);
  const defaults = new Map<number, string>();
  const render = (ns: Node[], collect: boolean): string =>
    ns
      .map((n) => {
        if ('text' in n) return n.text;
        if ('stop' in n) {
          let value: string;
          if (n.choices) value = n.choices[0];
          else if (n.children && n.children.length) value = render(n.children, collect);
          else value = defaults.get(n.stop) ?? '';
          if (collect && (n.choices || (n.children && n.children.length)) && !defaults.has(n.stop)) defaults.set(n.stop, value);
          return n.stop === 0 ? '' : value;
        }
        return variables[n.variable] ?? (n.children ? render(n.children, collect) : '');
      })
      .join('');
  render(nodes, true);
  return render(nodes, false);
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(inPlaceholder: boolean): Node[] {
    const out: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ text });
      text = '';
    };
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\' && '$}\\'.includes(this.s[this.i + 1] ?? '')) {
        text += this.s[this.i + 1];
        this.i += 2;
      } else if (c === '}' && inPlaceholder) {
        break;
      } else if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          out.push(node);
        } else {
          text += '$';
          this.i++;
        }
      } else {
        text += c;
        this.i++;
      }
    }
    flush();
    return out;
  }

  /** Parses a `$...` construct at i, or returns undefined (leaving i) when it is a literal `$`. */
  private dollar(): Node | undefined {
    const rest = this.s.slice(this.i);
    let m = /^\$(\d+)/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return { stop: Number(m[1]) };
    }
    m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return { variable: m[1] };
    }
    m = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)([:|}/])/.exec(rest);
    if (!m) return undefined;
    const start = this.i;
    this.i += m[0].length;
    const id = m[1];
    const isStop = /^\d+$/.test(id);
    if (m[2] === '}') return isStop ? { stop: Number(id) } : { variable: id };
    if (m[2] === '/') throw new Error(`snippet transforms are not supported (at ${start})`);
    if (m[2] === '|') {
      const choices: string[] = [];
      let cur = '';
      for (;;) {
        const c = this.s[this.i];
        if (c === undefined) throw new Error(`unterminated choice at ${start}`);
        if (c === '\\' && '$}\\,|'.includes(this.s[this.i + 1] ?? '')) {
          cur += this.s[this.i + 1];
          this.i += 2;
        } else if (c === ',') {
          choices.push(cur);
          cur = '';
          this.i++;
        } else if (c === '|' && this.s[this.i + 1] === '}') {
          choices.push(cur);
          this.i += 2;
          break;
        } else {
          cur += c;
          this.i++;
        }
      }
      return { stop: Number(id), choices };
    }
    const children = this.parse(true);
    if (this.s[this.i] !== '}') throw new Error(`unterminated placeholder at ${start}`);
    this.i++;
    return isStop ? { stop: Number(id), children } : { variable: id, children };
  }
}

/** The tab stop numbers a body offers (excluding $0), for "the user must decide" checks. */
export function tabStops(body: string): number[] {
  const stops = new Set<number>();
  for (const m of body.matchAll(/(?<!\\)\$\{?(\d+)/g)) if (m[1] !== '0') stops.add(Number(m[1]));
  return [...stops].sort((a, b) => a - b);
}
