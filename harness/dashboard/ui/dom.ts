/**
 * Building the page's elements, as text only. Everything the dashboard shows
 * comes from the journal, which anyone who reaches the API port can write to
 * (a VersionName `<img src=x onerror=…>`), so nothing is ever parsed as HTML:
 * children become text nodes, attributes are set with `setAttribute` (never
 * an `on…` attribute: listeners are functions), and no `innerHTML` exists in
 * the dashboard.
 *
 * @module
 */

/** What an element can hold: elements, text (strings and numbers), nothing (null, undefined, false), or lists of those. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Attributes (strings, numbers, booleans: present or not) and listeners (`on…`: functions only). */
export type Props = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/** Appends `children` to `parent`: text as text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** A new element: `h("td", { class: "status" }, "400 ", errorType)`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name.startsWith("on")) {
      if (typeof value !== "function") throw new TypeError(`${name} takes a function, not ${typeof value}`);
      element.addEventListener(name.slice(2), value);
    } else if (typeof value === "function") {
      throw new TypeError(`${name} is an attribute: a function cannot be one`);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, ...children);
  return element;
}

/** Replaces what `parent` holds by `children`, keeping the focus on the element of the same `data-key` when it had it. */
export function fill(parent: Element, ...children: Child[]): void {
  const focused = document.activeElement;
  const key = focused instanceof HTMLElement && parent.contains(focused) ? focused.dataset.key : undefined;
  parent.replaceChildren();
  append(parent, ...children);
  if (key === undefined) return;
  for (const candidate of parent.querySelectorAll<HTMLElement>("[data-key]")) {
    if (candidate.dataset.key === key) return candidate.focus();
  }
}

/** The element of `id` (the page's static skeleton has it). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as T;
}
