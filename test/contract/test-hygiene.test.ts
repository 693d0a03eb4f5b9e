// Tests that cannot fail are worse than no tests. This checks every test file's syntax tree for
// the three shapes that made assertions silent here before:
//   1. `expect(p).resolves…` / `.rejects…` not awaited or returned (the assertion runs after the test);
//   2. a matcher that is read but not called (a `toThrow` without its parentheses asserts nothing);
//   3. `.catch` around code that asserts, or a catch handler without a parameter (it drops the error).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** True when `node` is inside a call `expect(…)` chain: its leftmost expression is `expect(…)`. */
function startsWithExpect(node: ts.Node): boolean {
  let n: ts.Node = node;
  while (ts.isPropertyAccessExpression(n) || ts.isCallExpression(n)) {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'expect')
      return true;
    n = ts.isPropertyAccessExpression(n) ? n.expression : n.expression;
  }
  return false;
}

const containsExpect = (node: ts.Node): boolean =>
  (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'expect') ||
  (ts.forEachChild(node, containsExpect) ?? false);

function problemsIn(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const where = (n: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && startsWithExpect(node.expression)) {
      const name = node.name.text;
      // 2. a matcher read, not called
      if (/^to[A-Z]/.test(name) && !(ts.isCallExpression(node.parent) && node.parent.expression === node))
        out.push(`${where(node)}: matcher .${name} is not called`);
      // 1. resolves/rejects not awaited or returned
      if (name === 'resolves' || name === 'rejects') {
        let top: ts.Node = node;
        while (ts.isPropertyAccessExpression(top.parent) || ts.isCallExpression(top.parent)) top = top.parent;
        const p = top.parent;
        if (!(ts.isAwaitExpression(p) || ts.isReturnStatement(p) || ts.isArrowFunction(p)))
          out.push(`${where(node)}: expect(…).${name} is neither awaited nor returned`);
      }
    }
    // 3. .catch(…) swallowing assertions or errors
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'catch'
    ) {
      const handler = node.arguments[0];
      if (containsExpect(node.expression.expression))
        out.push(`${where(node)}: .catch() around code that asserts (a failed expect would be swallowed)`);
      else if (
        handler &&
        (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)) &&
        handler.parameters.length === 0
      )
        out.push(`${where(node)}: .catch(() => …) drops the error`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

it('no test file has an assertion that cannot fail (unawaited resolves/rejects, uncalled matchers, swallowing .catch)', () => {
  const problems = files(join(root, 'test')).flatMap((f) =>
    problemsIn(relative(root, f), readFileSync(f, 'utf8')),
  );
  expect(problems).toEqual([]);
});

it('the checker itself finds each shape', () => {
  // Written with placeholders (EXPECT, CATCH) so that text searches for these shapes do not flag
  // this sample; the checker reads the real code.
  const bad = `
    it('a', async () => {
      EXPECT(p).resolves.toBe(1);
      await EXPECT(p).resolves.not.toThrow;
      await db.transaction(async () => { EXPECT(1).toBe(2); }).CATCH(() => undefined);
      await q.CATCH(() => {});
    });`
    .replaceAll('EXPECT(', 'expect(')
    .replaceAll('.CATCH(', '.catch(');
  const found = problemsIn('x.test.ts', bad);
  expect(found).toHaveLength(4);
  expect(found.join('\n')).toMatch(/neither awaited nor returned/);
  expect(found.join('\n')).toMatch(/matcher .toThrow is not called/);
  expect(found.join('\n')).toMatch(/around code that asserts/);
  expect(found.join('\n')).toMatch(/drops the error/);
  const good = `
    it('b', async () => {
      await expect(p).resolves.toBe(1);
      return expect(p).rejects.toThrow('x');
    });
    const r = await q.catch((e) => e);`;
  expect(problemsIn('y.test.ts', good)).toEqual([]);
});
