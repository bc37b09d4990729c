/**
 * Coalesces consecutive lines into fewer, larger export requests. A case
 * stores one OTLP request per line, often with a dozen items each; sent one
 * by one, a replay is bound by the receiver's cost per request and per
 * storage insert rather than per item (an hour of the 40-service system is
 * ~27k lines of ~12 items). Joining the lines' resource arrays keeps every
 * item and its resource exactly as stored: an OTLP request is only a list of
 * resources, so two requests' lists concatenated are one valid request.
 *
 * One open group per signal; a group is flushed when it reaches `maxItems`,
 * when the line coming in is more than `maxHeldSeconds` of event time newer
 * than the group's first line, and with every other group once
 * `maxHeldLines` lines are held in all. So no line waits long behind later
 * lines of other signals: the replay stays in time order to within that
 * many lines and that much event time. The event-time bound is what a live
 * receiver needs: it closes a window once newer data has arrived some
 * seconds later (its allowed lateness), so a sparse signal (a few log
 * records a minute beside thousands of spans) held until its group filled
 * would arrive after its windows closed. Errors pass through and end the
 * stream after the groups held so far.
 */
import type { Result } from '../../core/result.ts';
import type { SignalFile, SignalLine } from '../format/index.ts';
import { boundNanos } from './event-time-bound.ts';

/** Lines of one signal sent as one request, in their order. */
export interface LineGroup {
  readonly signal: SignalFile;
  readonly lines: readonly SignalLine[];
  readonly items: number;
  /** Earliest time of the first line (lines are in time order). */
  readonly earliestNanos: bigint;
  /** `where` of the first line, with how many more lines the request carries. */
  readonly where: string;
}

export interface CoalesceLimits {
  /** A group is sent once it holds this many items (a single larger line goes alone). */
  readonly maxItems: number;
  /** All groups are sent once this many lines are held. */
  readonly maxHeldLines: number;
  /** A group is sent once a line more than this many seconds newer (event time) comes in; Infinity: no bound. */
  readonly maxHeldSeconds: number;
}

export function lineGroup(lines: readonly SignalLine[]): LineGroup {
  const first = lines[0]!;
  return {
    signal: first.signal,
    lines,
    items: lines.reduce((n, l) => n + l.items, 0),
    earliestNanos: first.earliestNanos,
    where: lines.length === 1 ? first.where : `${first.where} (and ${lines.length - 1} more line(s))`,
  };
}

export async function* coalesceLines(lines: AsyncIterable<Result<SignalLine>>, limits: CoalesceLimits): AsyncGenerator<Result<LineGroup>, void, undefined> {
  const open = new Map<SignalFile, { lines: SignalLine[]; items: number }>();
  let held = 0;
  const maxHeldNanos = boundNanos(limits.maxHeldSeconds);
  // Oldest group first, so flushing keeps the time order between signals.
  const flushWhere = function* (due: (firstNanos: bigint) => boolean): Generator<Result<LineGroup>> {
    const groups = [...open.entries()].filter(([, g]) => due(g.lines[0]!.earliestNanos)).sort(([, a], [, b]) => (a.lines[0]!.earliestNanos < b.lines[0]!.earliestNanos ? -1 : 1));
    for (const [signal, g] of groups) {
      open.delete(signal);
      held -= g.lines.length;
      yield { ok: true, value: lineGroup(g.lines) };
    }
  };
  const flushAll = () => flushWhere(() => true);
  for await (const next of lines) {
    if (!next.ok) {
      yield* flushAll();
      yield next;
      return;
    }
    const line = next.value;
    if (maxHeldNanos !== undefined) yield* flushWhere((firstNanos) => line.earliestNanos - firstNanos > maxHeldNanos);
    let group = open.get(line.signal);
    if (group && group.items + line.items > limits.maxItems) {
      open.delete(line.signal);
      held -= group.lines.length;
      yield { ok: true, value: lineGroup(group.lines) };
      group = undefined;
    }
    if (!group) {
      group = { lines: [], items: 0 };
      open.set(line.signal, group);
    }
    group.lines.push(line);
    group.items += line.items;
    held++;
    if (held >= limits.maxHeldLines) yield* flushAll();
  }
  yield* flushAll();
}
