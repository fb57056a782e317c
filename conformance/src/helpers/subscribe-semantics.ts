import { telemetry } from "@strata/sdk/contracts";

export interface StreamExpectations {
  /**
   * "fresh": no resume (watermark 0 until the first SyncMarker);
   * "resumed": resumed inside the retained window of the same log (watermark never below resumeAfter);
   * "reset": resumed from outside the window or another log (Gap, initial state, SyncMarker).
   */
  kind: "fresh" | "resumed" | "reset";
  resumeAfter?: bigint;
}

/**
 * The first way a Subscribe stream breaks the stream semantics of
 * docs/telemetry.md, or undefined when it keeps them all:
 * stream_sequence 1, 2, 3… without holes; one non-empty log_id; watermarks
 * that never fall; a fresh stream's watermark 0 until its SyncMarker; items
 * after the SyncMarker in increasing log sequence, each above every watermark
 * sent before it and outside every range a Gap declared lost; an item never
 * delivered twice.
 *
 * @example
 * const broken = streamViolation(reader.messages, { kind: "fresh" });
 * t.ensure(broken === undefined, `Subscribe: ${broken}`);
 */
export function streamViolation(messages: readonly telemetry.SubscribeResponse[], expect: StreamExpectations): string | undefined {
  let previous: telemetry.SubscribeResponse | undefined;
  let synced = false;
  let lastItem = 0n;
  let syncSequence = 0n;
  let initialMax = 0n;
  const lost: Array<{ from: bigint; to: bigint }> = [];
  const delivered = new Set<bigint>();
  for (const message of messages) {
    const at = `(stream_sequence ${message.streamSequence})`;
    if (!previous) {
      if (message.streamSequence !== 1n) return `the first message has stream_sequence ${message.streamSequence}; the standard requires 1`;
    } else if (message.streamSequence !== previous.streamSequence + 1n) {
      return message.streamSequence > previous.streamSequence
        ? `stream_sequence jumped from ${previous.streamSequence} to ${message.streamSequence}; the standard requires +1 per message, without holes`
        : `stream_sequence went from ${previous.streamSequence} to ${message.streamSequence}; the standard requires +1 per message`;
    }
    if (message.logId === "") return `a message carries an empty log_id ${at}; the standard requires the log_id on every message`;
    if (previous && message.logId !== previous.logId) {
      return `log_id changed from "${previous.logId}" to "${message.logId}" ${at}; the standard requires the same log_id on every message of a stream`;
    }
    if (previous && message.watermark < previous.watermark) {
      return `watermark fell from ${previous.watermark} to ${message.watermark} ${at}; the standard requires watermarks that never decrease`;
    }
    if (expect.kind === "fresh" && !synced && !message.sync && message.watermark !== 0n) {
      return `watermark ${message.watermark} before the first SyncMarker of a fresh stream ${at}; the standard requires 0 until the initial state is synced`;
    }
    if (expect.kind === "resumed" && expect.resumeAfter !== undefined && message.watermark < expect.resumeAfter) {
      return `watermark ${message.watermark} below resume_after_sequence ${expect.resumeAfter} ${at}; a resumed stream starts at resume_after_sequence`;
    }
    const payloads = [message.batch, message.sync, message.heartbeat, message.gap].filter((p) => p !== undefined).length;
    if (payloads !== 1) return `a message carries ${payloads} payloads ${at}; the standard requires exactly one of batch, sync, heartbeat, gap`;

    if (message.batch) {
      for (const [what, items] of [["record", message.batch.records], ["sample", message.batch.samples]] as const) {
        let inBatch = 0n;
        for (const item of items) {
          const sequence = item.sequence;
          if (sequence <= inBatch) return `${what} sequences ${inBatch} then ${sequence} in one batch ${at}; the standard requires increasing log sequence`;
          inBatch = sequence;
          if (delivered.has(sequence)) return `log sequence ${sequence} delivered twice ${at}; every item is delivered once`;
          delivered.add(sequence);
          const initialState = !synced && expect.kind !== "resumed";
          if (initialState) {
            if (sequence > initialMax) initialMax = sequence;
            continue;
          }
          if (!synced && expect.resumeAfter !== undefined && sequence <= expect.resumeAfter) {
            return `replayed ${what} with sequence ${sequence}, at or below resume_after_sequence ${expect.resumeAfter} ${at}; a resume replays only what came after`;
          }
          if (synced && sequence <= syncSequence) {
            return `${what} with sequence ${sequence} after the SyncMarker at ${syncSequence} ${at}; live items come after the SyncMarker's sequence`;
          }
          if (previous && sequence <= previous.watermark) {
            return `${what} with sequence ${sequence} arrived after a watermark of ${previous.watermark} ${at}; the standard requires every item at or below a watermark to be delivered before it`;
          }
          if (sequence <= lastItem) return `${what} with sequence ${sequence} after sequence ${lastItem} ${at}; the standard requires items in increasing log sequence`;
          const gap = lost.find((g) => sequence >= g.from && sequence <= g.to);
          if (gap) return `${what} with sequence ${sequence} delivered although a Gap declared ${gap.from}–${gap.to} lost ${at}`;
        }
      }
      if (synced || expect.kind === "resumed") {
        for (const item of [...message.batch.records, ...message.batch.samples]) if (item.sequence > lastItem) lastItem = item.sequence;
      }
    }
    if (message.gap) {
      const { fromSequence: from, toSequence: to, reason } = message.gap;
      if (from > to) return `a Gap from ${from} to ${to} ${at}; the standard requires from_sequence ≤ to_sequence`;
      if (reason === telemetry.GapReason.GAP_REASON_UNSPECIFIED) return `a Gap without a reason ${at}; the standard requires one of its GapReasons`;
      if (synced && from <= lastItem) {
        return `a Gap declares ${from}–${to} lost after sequence ${lastItem} was delivered ${at}; a Gap comes before any later item`;
      }
      if (synced || expect.kind === "resumed") {
        lost.push({ from, to });
        if (to > lastItem) lastItem = to;
      }
    }
    if (message.sync) {
      if (synced && message.sync.sequence < syncSequence) {
        return `SyncMarker at ${message.sync.sequence} after one at ${syncSequence} ${at}; sequences never go back`;
      }
      if (!synced && expect.resumeAfter !== undefined && expect.kind === "resumed" && message.sync.sequence < expect.resumeAfter) {
        return `SyncMarker at ${message.sync.sequence}, below resume_after_sequence ${expect.resumeAfter} ${at}`;
      }
      if (!synced && initialMax > message.sync.sequence) {
        return `SyncMarker at ${message.sync.sequence} after an initial state holding sequence ${initialMax} ${at}; its sequence is where the initial state reached`;
      }
      if (lastItem > message.sync.sequence) {
        return `SyncMarker at ${message.sync.sequence} after items up to ${lastItem} ${at}; its sequence is where the initial state or replay reached`;
      }
      synced = true;
      syncSequence = message.sync.sequence;
      if (syncSequence > lastItem) lastItem = syncSequence;
    }
    previous = message;
  }
  return undefined;
}
