/**
 * The journal, live: newest first, filtered, one row per request; the
 * keyboard moves through the rows (arrows, Home, End) and Enter opens one.
 * New rows go on top and answered rows change in place, so a row keeps the
 * focus while others arrive.
 *
 * @module
 */
import type { JournalEntry } from "../../journal.ts";
import { act, admin, type App } from "./app.ts";
import { byId, fill, h } from "./dom.ts";
import { attemptOf, type JournalFilter, JournalRows, matchesFilter, outcomeKind, outcomeOf, type Row, versionNameOf } from "./entries.ts";
import { showDetail } from "./detail-view.ts";

/** How many rows the table shows at most (the newest that pass the filters). */
const SHOWN_ROWS = 500;

/** What the rest of the page tells the journal view. */
export interface JournalView {
  /** A snapshot (`GET /__admin/requests`). */
  replace(entries: readonly JournalEntry[]): void;
  arrived(entry: JournalEntry): void;
  /** The stream left `entries` out (requests came faster than it carries): say so, offer to read the journal again. */
  skipped(entries: number): void;
  answered(entry: JournalEntry): void;
  clear(): void;
}

/** The row key a table row stands for (`data-key="row-<key>"`). */
const keyOf = (tr: Element) => Number(tr.getAttribute("data-key")!.slice("row-".length));

/** The time of day an entry arrived, local, to the millisecond. */
function timeOf(entry: JournalEntry): string {
  const date = new Date(entry.receivedAt);
  return `${date.toLocaleTimeString([], { hour12: false })}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

function cellsOf(entry: JournalEntry): HTMLTableCellElement[] {
  const agent = entry.headers["user-agent"] ?? "";
  const verdict = entry.signature === "valid" ? "ok" : entry.signature === "not checked" ? "pending" : "error";
  return [
    h("td", { title: entry.receivedAt }, timeOf(entry)),
    h("td", {}, entry.operation ?? `${entry.method} ${entry.path}`),
    h("td", { class: "name" }, versionNameOf(entry)),
    h("td", { class: `outcome ${outcomeKind(entry)}` }, outcomeOf(entry)),
    h("td", { class: `verdict ${verdict}`, title: entry.signature }, verdict === "error" ? "refused" : entry.signature),
    h("td", { class: "num" }, attemptOf(entry)),
    h("td", { class: "agent", title: agent }, agent),
    h("td", { class: "num" }, entry.latencyMs === undefined ? "" : `${entry.latencyMs} ms`),
  ];
}

/** The journal view over the page's skeleton (`#journal-filters`, `#journal-rows`, `#journal-count`). */
export function journalView(app: App): JournalView {
  const rows = new JournalRows();
  const body = byId<HTMLTableSectionElement>("journal-rows");
  const form = byId<HTMLFormElement>("journal-filters");
  const count = byId("journal-count");
  const trs = new Map<number, HTMLTableRowElement>();
  let selected: number | undefined;
  let skippedSoFar = 0;

  const filter = (): JournalFilter => {
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? "");
    return { operation: value("operation"), versionName: value("versionName").trim(), verdict: value("verdict"), status: value("status") };
  };

  const open = (key: number) => {
    const row = rows.row(key);
    if (row === undefined) return;
    selected = key;
    for (const [rowKey, tr] of trs) tr.setAttribute("aria-selected", String(rowKey === key));
    showDetail(app, row.entry);
  };

  const trOf = (row: Row): HTMLTableRowElement => {
    const tr = h("tr", { tabindex: -1, "data-key": `row-${row.key}`, "aria-selected": String(row.key === selected), onclick: () => open(row.key) });
    tr.append(...cellsOf(row.entry));
    trs.set(row.key, tr);
    return tr;
  };

  /** The first row takes the Tab stop (one stop for the whole table; the arrows move within it). */
  const keepTabStop = () => {
    const current = body.querySelector<HTMLElement>("tr[tabindex='0']");
    if (current !== null) return;
    body.querySelector<HTMLElement>("tr")?.setAttribute("tabindex", "0");
  };

  const updateCount = () => {
    const shown = body.rows.length;
    const total = rows.rows.length;
    count.textContent = shown === total ? `${total} requests` : `${shown} of ${total} requests shown`;
  };

  const renderAll = () => {
    const wanted = filter();
    const matching = rows.rows.filter((row) => matchesFilter(row.entry, wanted)).slice(-SHOWN_ROWS).reverse();
    trs.clear();
    fill(body, matching.map(trOf));
    keepTabStop();
    updateCount();
  };

  const changed = (row: Row | undefined, added: boolean) => {
    if (row === undefined) return;
    const tr = trs.get(row.key);
    if (!matchesFilter(row.entry, filter())) {
      if (tr !== undefined) renderAll();
      return updateCount();
    }
    if (tr !== undefined) {
      tr.replaceChildren(...cellsOf(row.entry));
      if (row.key === selected) showDetail(app, row.entry);
    } else if (added) {
      body.insertBefore(trOf(row), body.firstChild);
      while (body.rows.length > SHOWN_ROWS) {
        const last = body.rows[body.rows.length - 1]!;
        trs.delete(keyOf(last));
        last.remove();
      }
    } else {
      renderAll();
    }
    keepTabStop();
    updateCount();
  };

  body.addEventListener("keydown", (event) => {
    const current = (event.target as HTMLElement).closest("tr");
    if (current === null) return;
    const all = [...body.rows];
    const index = all.indexOf(current);
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: all.length - 1 }[event.key];
    if (next !== undefined) {
      const target = all[Math.max(0, Math.min(all.length - 1, next))];
      if (target === undefined) return;
      event.preventDefault();
      current.setAttribute("tabindex", "-1");
      target.setAttribute("tabindex", "0");
      target.focus();
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      open(keyOf(current));
    }
  });
  form.addEventListener("input", renderAll);
  form.addEventListener("submit", (event) => event.preventDefault());
  byId("journal-clear").addEventListener("click", () => void act(app, () => admin("DELETE", "requests"), "Journal cleared."));

  return {
    replace: (entries) => {
      skippedSoFar = 0;
      byId("journal-skipped").hidden = true;
      rows.replace(entries);
      renderAll();
    },
    arrived: (entry) => changed(rows.arrived(entry), true),
    answered: (entry) => {
      const { row, added } = rows.answered(entry);
      changed(row, added);
    },
    skipped: (entries) => {
      skippedSoFar += entries;
      byId("journal-skipped-count").textContent = `${skippedSoFar} requests came too fast to show live (the journal has them).`;
      byId("journal-skipped").hidden = false;
    },
    clear: () => {
      rows.clear();
      selected = undefined;
      renderAll();
      showDetail(app, undefined);
    },
  };
}
