/**
 * Server-sent events read from a `fetch` body: the page reads
 * `GET /__admin/events` with `fetch` because `EventSource` cannot send an
 * `Authorization` header. The parsing rules are the HTML standard's
 * ("Interpreting an event stream"): lines end with LF, CR or CRLF; a line
 * starting with `:` is a comment; `field: value` (one leading space dropped);
 * `data` lines join with LF; a blank line dispatches the event (none when it
 * has no data). Pure: no DOM, so tests run it anywhere.
 *
 * @module
 */

/** One event of the stream. */
export interface ServerSentEvent {
  /** Its `event` field; `message` when it has none. */
  event: string;
  /** Its `data` lines, joined with LF. */
  data: string;
}

/** Parses an event stream given in pieces of any size. */
export class EventStreamParser {
  #buffer = "";
  #event = "";
  #data: string[] = [];
  /** A CR ended the last piece: an LF at the start of the next one belongs to it. */
  #afterCr = false;

  /** The events that `text`, the next piece of the stream, completes. */
  push(text: string): ServerSentEvent[] {
    let piece = text;
    if (this.#afterCr && piece.startsWith("\n")) piece = piece.slice(1);
    this.#afterCr = piece.endsWith("\r");
    this.#buffer += piece;
    const events: ServerSentEvent[] = [];
    const lines = this.#buffer.split(/\r\n|\r|\n/);
    this.#buffer = lines.pop()!;
    for (const line of lines) {
      const event = this.#line(line);
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  #line(line: string): ServerSentEvent | undefined {
    if (line === "") {
      const event = this.#data.length === 0 ? undefined : { event: this.#event || "message", data: this.#data.join("\n") };
      this.#event = "";
      this.#data = [];
      return event;
    }
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.#event = value;
    else if (field === "data") this.#data.push(value);
    return undefined;
  }
}
