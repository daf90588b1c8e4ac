// Workbench: a value shown as formatted JSON, made readable first (src/pages/executions/readable.ts), in a block
// that scrolls and that keyboard users can reach.
import { readable } from "./readable.ts";

export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  if (value === undefined) return null;
  // Focusable, so that a long block scrolls from the keyboard too.
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="json" tabIndex={0} aria-label={label}>
      <pre>{JSON.stringify(readable(value), null, 2)}</pre>
    </section>
  );
}
