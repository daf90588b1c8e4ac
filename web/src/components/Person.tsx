// Workbench: a person as a page shows them — the name stored with the record (the signer's, decider's, expert's token
// `name` at the time), the user id only as secondary text (hover); records written before names were kept show the id.
// A step the workflow took itself (by `workflow`: an anniversary, a task book's signing) says so in words.
import { useWords } from "../i18n.tsx";

export function Person({ id, name }: { id: string | undefined; name?: string | undefined }) {
  const { role } = useWords();
  if (!id) return <>—</>;
  if (id === "workflow") {
    return (
      <span className="person" data-user-id={id}>
        {role("workflow")}
      </span>
    );
  }
  return name && name !== id ? (
    <span className="person" title={id} data-user-id={id}>
      {name}
    </span>
  ) : (
    <span className="person" data-user-id={id}>
      {id}
    </span>
  );
}
