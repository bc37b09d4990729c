/**
 * The fixed-depth parse tree of Drain (He et al., ICWS 2017, section III-B):
 * the root's children are keyed by token count, the next `depth - 2` levels
 * by the leading tokens, and each leaf holds a small list of log groups. A
 * message only ever meets the groups in one leaf, which keeps the
 * similarity search short no matter how many templates exist.
 *
 * Invariants: a node never has more than `maxChildren` literal-token
 * children (overflow goes to the `<*>` child, as do tokens that look like
 * variables); nodes left without children and groups are removed, so the tree
 * stays proportional to the groups it holds.
 */
import { WILDCARD, isVariableLike } from './preprocess.ts';

export interface TreeNode<G> {
  readonly parent: TreeNode<G> | undefined;
  readonly key: string;
  readonly children: Map<string, TreeNode<G>>;
  /** Groups held here; only leaves have any. */
  readonly groups: G[];
}

export interface ParseTree<G> {
  /** The leaf for these tokens, creating the path if needed. */
  leafFor(tokens: readonly string[]): TreeNode<G>;
  /** Removes a group from its leaf and prunes nodes left empty. */
  remove(leaf: TreeNode<G>, group: G): void;
}

export interface ParseTreeOptions {
  /** Tree depth counting the root and the leaf level; at least 3. */
  readonly depth: number;
  readonly maxChildren: number;
}

function node<G>(parent: TreeNode<G> | undefined, key: string): TreeNode<G> {
  return { parent, key, children: new Map(), groups: [] };
}

export function createParseTree<G>(options: ParseTreeOptions): ParseTree<G> {
  const root = node<G>(undefined, '');
  const tokenLevels = options.depth - 2;

  function child(parent: TreeNode<G>, wantedKey: string, limited: boolean): TreeNode<G> {
    let key = wantedKey;
    let next = parent.children.get(key);
    if (next) return next;
    if (limited && key !== WILDCARD) {
      const literal = parent.children.size - (parent.children.has(WILDCARD) ? 1 : 0);
      if (literal >= options.maxChildren) {
        key = WILDCARD;
        next = parent.children.get(key);
        if (next) return next;
      }
    }
    next = node(parent, key);
    parent.children.set(key, next);
    return next;
  }

  return {
    leafFor(tokens) {
      // The token-count level is not limited: lengths are few and each must stay apart.
      let current = child(root, `#${tokens.length}`, false);
      const levels = Math.min(tokenLevels, tokens.length);
      for (let i = 0; i < levels; i++) {
        const token = tokens[i] ?? '';
        current = child(current, isVariableLike(token) ? WILDCARD : token, true);
      }
      return current;
    },
    remove(leaf, group) {
      const at = leaf.groups.indexOf(group);
      if (at >= 0) leaf.groups.splice(at, 1);
      let current: TreeNode<G> | undefined = leaf;
      while (current?.parent && current.children.size === 0 && current.groups.length === 0) {
        current.parent.children.delete(current.key);
        current = current.parent;
      }
    },
  };
}
