// Kernel: building blocks of the response schemas (functions/<context>/views.ts) — a schema built on its first use
// (a request never needs them; the OpenAPI generator and the tests' response checker do), pages, amounts, timestamps.
import * as z from "zod/mini";

/**
 * A schema built the first time it is asked for, then the same object. Given a name, the schema is registered under
 * it (zod's global registry): the OpenAPI document shows it once, as `#/components/schemas/<name>`, and refers to it.
 */
export function lazySchema<T extends z.ZodMiniType>(build: () => T): () => T;
export function lazySchema<T extends z.ZodMiniType>(name: string, build: () => T): () => T;
export function lazySchema<T extends z.ZodMiniType>(
  nameOrBuild: string | (() => T),
  build?: () => T,
): () => T {
  const make = typeof nameOrBuild === "function" ? nameOrBuild : build!;
  let built: T | undefined;
  return () => {
    if (built === undefined) {
      built = make();
      if (typeof nameOrBuild === "string") z.globalRegistry.add(built, { id: nameOrBuild });
    }
    return built;
  };
}

/** One page of a list: the items and the cursor of the next page, absent on the last. */
export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), next: z.optional(z.string()) });

/** Integer fen. */
export const fen = () => z.number().check(z.int());
/** An ISO 8601 timestamp or date as the records keep it. */
export const timestamp = () => z.string();
/** An integer. */
export const int = () => z.number().check(z.int());

/** A schema's output as a view may hand it over: records are read-only throughout. */
export type Frozen<T> = T extends (infer E)[]
  ? readonly Frozen<E>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

/** The type of what a view schema (a lazySchema) describes. */
export type ViewOf<S extends () => z.ZodMiniType> = Frozen<z.output<ReturnType<S>>>;
