/**
 * Online log template mining after Drain (He et al., "Drain: An Online Log
 * Parsing Approach with Fixed Depth Tree", ICWS 2017).
 *
 * Per message: take the first line (a stack trace's frames are kept only as
 * the template's sample), mask obvious variables, tokenize on whitespace,
 * route through the fixed-depth parse tree, and in the leaf pick the group
 * whose template shares the most tokens position by position. If that share
 * reaches `similarityThreshold` the message joins the group and every
 * position where they differ becomes `<*>`; otherwise it starts a new group.
 *
 * As in Drain, the leading `depth - 2` tokens are assumed constant: a variable
 * there that masking does not catch (`user alice ...` vs `user bob ...`) routes
 * to different leaves and yields separate templates. Lower `depth` for logs
 * that start with variables.
 *
 * Template ids are stable: the id is a hash of the template text when the
 * group is created and is kept when the template later generalises. A
 * template that is evicted and seen again gets the same id back, since it
 * is created from the same text.
 *
 * Memory is bounded: at most `maxTemplates` groups are held; creating one
 * more evicts the least recently seen group (recency is the order of `add`
 * calls, so late or out-of-order timestamps do not affect eviction). Per
 * group the cost is its tokens plus one sample of at most `maxSampleChars`,
 * and the parse tree is pruned with the groups, so the total is
 * O(maxTemplates x (template length + maxSampleChars)).
 *
 * Deterministic: the same messages in the same order give the same templates
 * and ids. No clock or randomness is read; times come from the caller.
 */
import { createHash } from 'node:crypto';
import { createParseTree, type TreeNode } from './parse-tree.ts';
import { WILDCARD, maskVariables, splitFirstLine, tokenize } from './preprocess.ts';

export interface TemplateMinerOptions {
  /** Parse tree depth including root and leaf levels (so `depth - 2` leading tokens route). Default 4, minimum 3. */
  readonly depth?: number;
  /** Minimum share of equal token positions for a message to join a template, in (0, 1]. Default 0.5. */
  readonly similarityThreshold?: number;
  /** Literal-token children per tree node before new tokens route to `<*>`. Default 100. */
  readonly maxChildren?: number;
  /** Templates held at once; the least recently seen is evicted beyond this. Default 10 000. */
  readonly maxTemplates?: number;
  /** Longest sample body kept per template, in UTF-16 code units. Default 4096. */
  readonly maxSampleChars?: number;
}

export interface MinedTemplate {
  readonly templateId: string;
  readonly template: string;
  /** True only for the message that created the template. */
  readonly isNew: boolean;
}

export interface TemplateInfo {
  readonly templateId: string;
  readonly template: string;
  readonly count: number;
  readonly firstSeenMillis: number;
  readonly lastSeenMillis: number;
  /** The latest full body (including any lines after the first), truncated to `maxSampleChars`. */
  readonly sample: string;
}

export interface TemplateMiner {
  add(message: string, timeMillis: number): MinedTemplate;
  /** The template with this id, if it is still held. */
  get(templateId: string): TemplateInfo | undefined;
  /** Every held template, least recently seen first. */
  templates(): TemplateInfo[];
  /** Number of templates held. */
  readonly size: number;
}

interface Group {
  readonly id: string;
  tokens: string[];
  template: string;
  count: number;
  firstSeenMillis: number;
  lastSeenMillis: number;
  sample: string;
  readonly leaf: TreeNode<Group>;
}

export const TEMPLATE_MINER_DEFAULTS = Object.freeze({
  depth: 4,
  similarityThreshold: 0.5,
  maxChildren: 100,
  maxTemplates: 10_000,
  maxSampleChars: 4096,
});

function checkOptions(o: Required<TemplateMinerOptions>): void {
  if (!Number.isInteger(o.depth) || o.depth < 3) throw new RangeError(`depth must be an integer >= 3, got ${o.depth}`);
  if (!(o.similarityThreshold > 0 && o.similarityThreshold <= 1)) {
    throw new RangeError(`similarityThreshold must be in (0, 1], got ${o.similarityThreshold}`);
  }
  for (const key of ['maxChildren', 'maxTemplates', 'maxSampleChars'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new RangeError(`${key} must be a positive integer, got ${o[key]}`);
  }
}

/** Hex prefix of SHA-256 over the template text: stable across processes and versions. */
function hashTemplate(template: string): string {
  return `tpl_${createHash('sha256').update(template).digest('hex').slice(0, 16)}`;
}

/**
 * Share of positions where template and message carry the same token (Drain's
 * simSeq). A `<*>` in the template equals only a masked `<*>` in the message:
 * counting it as a match would let generalised templates swallow everything.
 */
function similarity(template: readonly string[], tokens: readonly string[]): { sim: number; wildcards: number } {
  if (tokens.length === 0) return { sim: 1, wildcards: 0 };
  let equal = 0;
  let wildcards = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (template[i] === tokens[i]) equal++;
    if (template[i] === WILDCARD) wildcards++;
  }
  return { sim: equal / tokens.length, wildcards };
}

function info(g: Group): TemplateInfo {
  return Object.freeze({
    templateId: g.id,
    template: g.template,
    count: g.count,
    firstSeenMillis: g.firstSeenMillis,
    lastSeenMillis: g.lastSeenMillis,
    sample: g.sample,
  });
}

export function createTemplateMiner(options: TemplateMinerOptions = {}): TemplateMiner {
  const d = TEMPLATE_MINER_DEFAULTS;
  const o: Required<TemplateMinerOptions> = {
    depth: options.depth ?? d.depth,
    similarityThreshold: options.similarityThreshold ?? d.similarityThreshold,
    maxChildren: options.maxChildren ?? d.maxChildren,
    maxTemplates: options.maxTemplates ?? d.maxTemplates,
    maxSampleChars: options.maxSampleChars ?? d.maxSampleChars,
  };
  checkOptions(o);
  const tree = createParseTree<Group>({ depth: o.depth, maxChildren: o.maxChildren });
  // Map iteration order is insertion order; re-inserting on every hit makes the first entry the least recently seen.
  const byId = new Map<string, Group>();

  const truncate = (s: string): string => (s.length > o.maxSampleChars ? s.slice(0, o.maxSampleChars) : s);

  function bestMatch(leaf: TreeNode<Group>, tokens: readonly string[]): Group | undefined {
    let best: Group | undefined;
    let bestSim = -1;
    let bestWildcards = -1;
    for (const g of leaf.groups) {
      if (g.tokens.length !== tokens.length) continue;
      const { sim, wildcards } = similarity(g.tokens, tokens);
      // Ties go to the more general template (Drain's tie rule), then to the older one.
      if (sim > bestSim || (sim === bestSim && wildcards > bestWildcards)) {
        best = g;
        bestSim = sim;
        bestWildcards = wildcards;
      }
    }
    return best && bestSim >= o.similarityThreshold ? best : undefined;
  }

  function uniqueId(template: string): string {
    // Two live groups can share a text only when one generalised into the other's
    // creation text; a numbered suffix keeps ids unique and still deterministic.
    const base = hashTemplate(template);
    let id = base;
    for (let n = 2; byId.has(id); n++) id = `${base}.${n}`;
    return id;
  }

  function evictLeastRecent(): void {
    const oldest = byId.values().next();
    if (oldest.done) return;
    byId.delete(oldest.value.id);
    tree.remove(oldest.value.leaf, oldest.value);
  }

  return {
    add(message, timeMillis) {
      const { firstLine } = splitFirstLine(message);
      const tokens = tokenize(maskVariables(firstLine));
      const leaf = tree.leafFor(tokens);
      const match = bestMatch(leaf, tokens);
      if (match) {
        let changed = false;
        for (let i = 0; i < tokens.length; i++) {
          if (match.tokens[i] !== tokens[i] && match.tokens[i] !== WILDCARD) {
            match.tokens[i] = WILDCARD;
            changed = true;
          }
        }
        if (changed) match.template = match.tokens.join(' ');
        match.count++;
        match.firstSeenMillis = Math.min(match.firstSeenMillis, timeMillis);
        match.lastSeenMillis = Math.max(match.lastSeenMillis, timeMillis);
        match.sample = truncate(message);
        byId.delete(match.id);
        byId.set(match.id, match);
        return { templateId: match.id, template: match.template, isNew: false };
      }
      const template = tokens.join(' ');
      const group: Group = {
        id: uniqueId(template),
        tokens: [...tokens],
        template,
        count: 1,
        firstSeenMillis: timeMillis,
        lastSeenMillis: timeMillis,
        sample: truncate(message),
        leaf,
      };
      leaf.groups.push(group);
      byId.set(group.id, group);
      while (byId.size > o.maxTemplates) evictLeastRecent();
      return { templateId: group.id, template, isNew: true };
    },
    get(templateId) {
      const g = byId.get(templateId);
      return g ? info(g) : undefined;
    },
    templates() {
      return [...byId.values()].map(info);
    },
    get size() {
      return byId.size;
    },
  };
}
