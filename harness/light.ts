/**
 * Light web objects: an object whose prototype is `Request.prototype` or `Response.prototype` (so `instanceof`
 * holds) answering the few members the harness reads from what it already has, and every other member from a real
 * one made on first need. Building a web `Request` or `Response` costs Node a fifth of a simulated call (a body
 * stream, WebIDL checks; issue 21, BENCHMARKS.md); hono's Node adapter makes the same trade.
 *
 * @module
 */

/** A light object's state, kept under a symbol of its kind. */
export type Lightened<State> = Record<symbol, State>;

/**
 * The constructor of light objects over `base.prototype` keeping their state under `symbol`: the `own` members,
 * and every other member of `base.prototype` read from `real(state)` (functions bound to it). A constructor, not
 * `Object.create`, so that every light object shares one shape.
 */
export function lightConstructor<State>(
  base: { prototype: object },
  symbol: symbol,
  own: PropertyDescriptorMap,
  real: (state: State) => object,
): new (state: State) => object {
  const delegated: PropertyDescriptorMap = Object.fromEntries(
    Object.getOwnPropertyNames(base.prototype)
      .filter((name) => name !== "constructor")
      .map((name) => [name, {
        get(this: Lightened<State>) {
          const target = real(this[symbol]!) as Record<string, unknown>;
          const value = target[name];
          return typeof value === "function" ? value.bind(target) : value;
        },
      }]),
  );
  function Light(this: Lightened<State>, state: State) {
    this[symbol] = state;
  }
  Light.prototype = Object.create(base.prototype, { ...delegated, ...own }); // the own members win
  return Light as unknown as new (state: State) => object;
}

/** A getter reading the state kept under `symbol`, as a property descriptor. */
export function stateGetter<State>(symbol: symbol, read: (state: State) => unknown): PropertyDescriptor {
  return {
    get(this: Lightened<State>) {
      return read(this[symbol]!);
    },
  };
}
